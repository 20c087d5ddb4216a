#include "ai/anthropicchatstream.h"

#include "decodersummary.h"

#include <QTest>

using namespace decodertest;
using palaver::server::AnthropicChatStream;

/// AnthropicChatStream: Anthropic Messages SSE events (and a non-streamed message) to events.
class TestAnthropicChatStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void basicTranscript();
    void toolUseFragmentsAreNotText();
    void thinkingAndSignature();
    void overloadedErrorEvent();
    void endWithoutMessageStop();
    void stopReasonsInOpenAiNames_data();
    void stopReasonsInOpenAiNames();
    void oneShotMessage();
};

void TestAnthropicChatStream::basicTranscript()
{
    AnthropicChatStream stream;
    const Summary s = decode(stream, fixture(u"anthropic-messages-1.sse"_s), 3);
    QCOMPARE(s.content, u"Hello there!"_s);
    QCOMPARE(s.finishes, QStringList { u"stop"_s }); // end_turn
    // Input tokens from message_start, output tokens from message_delta, in one report.
    QCOMPARE(s.usages, (QList<Usage> { { 11, 6 } }));
    QCOMPARE(s.dones, 1); // message_stop, although the file lacks the final blank line
    QVERIFY(s.errors.isEmpty());
    QVERIFY(stream.sawEnd());
}

void TestAnthropicChatStream::toolUseFragmentsAreNotText()
{
    AnthropicChatStream stream;
    const Summary s = decode(stream, fixture(u"anthropic-messages-tooluse-1.sse"_s), 11);
    QCOMPARE(s.content, u"I'll check the current weather in Paris for you."_s);
    QCOMPARE(s.toolArguments, uR"({"location": "Paris"})"_s);
    QCOMPARE(s.finishes, QStringList { u"tool_calls"_s });
    QCOMPARE(s.usages, (QList<Usage> { { 377, 65 } }));
}

void TestAnthropicChatStream::thinkingAndSignature()
{
    AnthropicChatStream stream;
    const Summary s = decode(stream, fixture(u"derived/anthropic-messages-thinking-1.sse"_s), 1);
    QCOMPARE(s.content, u"925 ÷ 5 = 185"_s);
    QVERIFY(s.reasoning.startsWith(u"The previous result was 925."_s));
    QVERIFY(!s.reasoning.contains(u"EvQB"_s)); // no signature text leaks into the reasoning
    QCOMPARE(s.usages, (QList<Usage> { { 69, 53 } }));
}

void TestAnthropicChatStream::overloadedErrorEvent()
{
    AnthropicChatStream stream;
    const Summary s = decode(stream, fixture(u"anthropic-error-event-sdktest-1.sse"_s), 2);
    QCOMPARE(s.errors, QStringList { u"Overloaded"_s });
    QCOMPARE(s.errorClasses, QList<ErrorCode> { ErrorCode::UpstreamUnavailable });

    AnthropicChatStream other;
    const Summary t = summarize(other.handleEvent({ u"error"_s,
        uR"({"type":"error","error":{"type":"api_error","message":"Internal"}})"_s, {} }));
    QCOMPARE(t.errorClasses, QList<ErrorCode> { ErrorCode::UpstreamError });
}

void TestAnthropicChatStream::endWithoutMessageStop()
{
    QByteArray body = fixture(u"anthropic-messages-1.sse"_s);
    body.truncate(body.indexOf("event: message_stop"));
    AnthropicChatStream stream;
    const Summary s = decode(stream, body, 5);
    QCOMPARE(s.content, u"Hello there!"_s);
    QCOMPARE(s.dones, 0);
    QVERIFY(!stream.sawEnd());
}

void TestAnthropicChatStream::stopReasonsInOpenAiNames_data()
{
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("openai");
    QTest::newRow("end_turn") << u"end_turn"_s << u"stop"_s;
    QTest::newRow("stop_sequence") << u"stop_sequence"_s << u"stop"_s;
    QTest::newRow("max_tokens") << u"max_tokens"_s << u"length"_s;
    QTest::newRow("tool_use") << u"tool_use"_s << u"tool_calls"_s;
    QTest::newRow("refusal") << u"refusal"_s << u"content_filter"_s;
}

void TestAnthropicChatStream::stopReasonsInOpenAiNames()
{
    QFETCH(QString, anthropic);
    QFETCH(QString, openai);
    QCOMPARE(AnthropicChatStream::finishReasonFor(anthropic), openai);
}

void TestAnthropicChatStream::oneShotMessage()
{
    AnthropicChatStream stream;
    const Summary s = summarize(stream.decodeOneShot(
        R"({"type":"message","content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Hi"}],"stop_reason":"max_tokens","usage":{"input_tokens":3,"output_tokens":2}})"));
    QCOMPARE(s.content, u"Hi"_s);
    QCOMPARE(s.reasoning, u"hm"_s);
    QCOMPARE(s.finishes, QStringList { u"length"_s });
    QCOMPARE(s.usages, (QList<Usage> { { 3, 2 } }));
    QVERIFY(stream.sawEnd());
}

QTEST_GUILESS_MAIN(TestAnthropicChatStream)
#include "tst_anthropicchatstream.moc"
