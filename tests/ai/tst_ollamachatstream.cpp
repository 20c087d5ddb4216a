#include "ai/ollamachatstream.h"

#include "decodersummary.h"

#include <QTest>

using namespace decodertest;
using palaver::server::OllamaChatStream;

/// OllamaChatStream: Ollama's NDJSON lines (/api/chat and /api/generate shapes) to events.
class TestOllamaChatStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chatTranscript();
    void generateTranscript();
    void errorLine();
    void thinkingAndLength();
    void endWithoutDoneIsNotTheEnd();
    void lastLineWithoutNewline();
    void oneShot();
};

void TestOllamaChatStream::chatTranscript()
{
    OllamaChatStream stream;
    const Summary s = decode(stream, fixture(u"ollama-chat-1.ndjson"_s), 5);
    QCOMPARE(s.content, u"The answer is: 2"_s);
    QCOMPARE(s.finishes, QStringList { u"stop"_s });
    QCOMPARE(s.usages, (QList<Usage> { { 18, 7 } }));
    QCOMPARE(s.dones, 1);
    QVERIFY(stream.sawEnd());
}

void TestOllamaChatStream::generateTranscript()
{
    OllamaChatStream stream;
    const Summary s = decode(stream, fixture(u"ollama-generate-docs-1.ndjson"_s), 1);
    QCOMPARE(s.content, u"That's a fantastic question!"_s);
    QCOMPARE(s.finishes, QStringList { u"stop"_s });
    QVERIFY(s.usages.isEmpty()); // that done line has no counts
    QVERIFY(stream.sawEnd());
}

void TestOllamaChatStream::errorLine()
{
    OllamaChatStream stream;
    const Summary s = decode(stream, fixture(u"ollama-generate-error-docs-1.ndjson"_s), 7);
    QCOMPARE(s.content, u" Yes.Ican"_s);
    QCOMPARE(s.errors, QStringList { u"an error was encountered while running the model"_s });
    QCOMPARE(s.errorClasses, QList<ErrorCode> { ErrorCode::UpstreamError });
    QVERIFY(!stream.sawEnd());
}

void TestOllamaChatStream::thinkingAndLength()
{
    OllamaChatStream stream;
    const QByteArray body
        = R"({"message":{"role":"assistant","content":"","thinking":"Hmm ☃"},"done":false}
{"message":{"role":"assistant","content":"Yes"},"done":false}
{"message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":4,"eval_count":9}
)";
    const Summary s = decode(stream, body, 2);
    QCOMPARE(s.reasoning, u"Hmm ☃"_s);
    QCOMPARE(s.content, u"Yes"_s);
    QCOMPARE(s.finishes, QStringList { u"length"_s });
    QCOMPARE(s.usages, (QList<Usage> { { 4, 9 } }));
}

void TestOllamaChatStream::endWithoutDoneIsNotTheEnd()
{
    OllamaChatStream stream;
    const Summary s = decode(stream,
        R"({"message":{"role":"assistant","content":"Par"},"done":false}
)",
        3);
    QCOMPARE(s.content, u"Par"_s);
    QCOMPARE(s.dones, 0);
    QVERIFY(!stream.sawEnd());
}

void TestOllamaChatStream::lastLineWithoutNewline()
{
    OllamaChatStream stream;
    const Summary s
        = decode(stream, R"({"message":{"content":"A"},"done":true,"done_reason":"stop"})", 4);
    QCOMPARE(s.content, u"A"_s);
    QCOMPARE(s.dones, 1);
}

void TestOllamaChatStream::oneShot()
{
    OllamaChatStream stream;
    const Summary s = summarize(stream.decodeOneShot(
        R"({"message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":2})"));
    QCOMPARE(s.content, u"Hi"_s);
    QCOMPARE(s.usages, (QList<Usage> { { 3, 2 } }));
    QVERIFY(stream.sawEnd());
}

QTEST_GUILESS_MAIN(TestOllamaChatStream)
#include "tst_ollamachatstream.moc"
