#include "ai/openaichatstream.h"
#include "ai/sseparser.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::server::ChatStreamEvent;
using palaver::server::OpenAiChatStream;
using palaver::server::SseParser;

namespace {

const QString fixtureDir = QStringLiteral(PALAVER_TEST_FIXTURES "/llm");

/// Everything the stream extracted, summed up the way expected.json states it.
struct Extracted
{
    QString content;
    QString reasoning;
    QString refusal;
    QString finishReason;
    std::optional<palaver::protocol::Usage> usage;
    QStringList errors;
    bool done = false;
    bool sawEnd = false;
    int toolCallFragments = 0;
};

QByteArray readFixture(const QString& name)
{
    QFile file(fixtureDir + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

// writeSize 0 = the whole body in one read.
Extracted extract(const QByteArray& bytes, qsizetype writeSize)
{
    SseParser parser;
    OpenAiChatStream stream;
    Extracted out;
    auto take = [&](const QList<palaver::server::SseEvent>& events) {
        for (const auto& sse : events) {
            for (const ChatStreamEvent& event : stream.handleEvent(sse)) {
                switch (event.kind) {
                case ChatStreamEvent::Kind::Content:
                    out.content += event.text;
                    break;
                case ChatStreamEvent::Kind::Reasoning:
                    out.reasoning += event.text;
                    break;
                case ChatStreamEvent::Kind::Refusal:
                    out.refusal += event.text;
                    break;
                case ChatStreamEvent::Kind::ToolCall:
                    ++out.toolCallFragments;
                    break;
                case ChatStreamEvent::Kind::Usage:
                    out.usage = event.usage;
                    break;
                case ChatStreamEvent::Kind::Finish:
                    out.finishReason = event.text;
                    break;
                case ChatStreamEvent::Kind::Done:
                    out.done = true;
                    break;
                case ChatStreamEvent::Kind::Error:
                    out.errors.append(event.errorMessage);
                    break;
                }
            }
        }
    };
    const qsizetype size = writeSize > 0 ? writeSize : bytes.size();
    for (qsizetype at = 0; at < bytes.size(); at += size)
        take(parser.feed(QByteArrayView(bytes).sliced(at, qMin(size, bytes.size() - at))));
    take(parser.finish());
    out.sawEnd = stream.sawEnd();
    return out;
}

QJsonObject expectedFor(const QString& name)
{
    static const QJsonObject all
        = QJsonDocument::fromJson(readFixture(u"expected.json"_s)).object();
    // refparse.py names top-level files "./x.sse" and derived ones "derived/x.sse".
    const QString key = name.startsWith(u"derived/"_s) ? name : u"./"_s + name;
    return all.value(key).toObject();
}

// An expected error is {"message": …} or {"nonstandard_field": {"error": "<json text>"}}.
QString expectedErrorMessage(const QJsonObject& error)
{
    if (error.contains("nonstandard_field"_L1)) {
        const QString raw
            = error.value("nonstandard_field"_L1).toObject().value("error"_L1).toString();
        return QJsonDocument::fromJson(raw.toUtf8()).object().value("message"_L1).toString();
    }
    return error.value("message"_L1).toString();
}

QStringList openAiFixtures()
{
    QStringList names;
    const QDir dir(fixtureDir);
    for (const QString& name :
        dir.entryList({ u"openai-*.sse"_s, u"llamacpp-*.sse"_s, u"openrouter-*.sse"_s },
            QDir::Files, QDir::Name))
        names.append(name);
    for (const QString& name :
        QDir(fixtureDir + u"/derived"_s)
            .entryList({ u"azure-*.sse"_s, u"deepseek-*.sse"_s }, QDir::Files, QDir::Name))
        names.append(u"derived/"_s + name);
    return names;
}

} // namespace

/// OpenAiChatStream against every OpenAI-shaped real transcript, at many read sizes.
class TestOpenAiChatStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void crlfAndKeepAlivesChangeNothing();
    void emojiSplitAcrossReads();
    void nullContentIsNotPrinted();
    void azureFirstChunkIsNotAnError();
    void oneShotReply();
    void errorBeforeChoices();
};

void TestOpenAiChatStream::fixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<qsizetype>("writeSize");
    const QStringList names = openAiFixtures();
    QVERIFY2(names.size() >= 11, qPrintable(names.join(u", "_s)));
    for (const QString& name : names) {
        QVERIFY2(!expectedFor(name).isEmpty(), qPrintable(name));
        for (qsizetype size : { 0, 1, 2, 3, 7, 13 })
            QTest::addRow(
                "%s@%s", qPrintable(name), size == 0 ? "whole" : qPrintable(QString::number(size)))
                << name << size;
    }
}

void TestOpenAiChatStream::fixtures()
{
    QFETCH(QString, fixture);
    QFETCH(qsizetype, writeSize);
    const QJsonObject expected = expectedFor(fixture);
    const Extracted got = extract(readFixture(fixture), writeSize);

    QCOMPARE(got.content, expected.value("content"_L1).toString());
    QCOMPARE(got.reasoning, expected.value("reasoning"_L1).toString());
    QCOMPARE(got.refusal, expected.value("refusal"_L1).toString());
    QCOMPARE(got.finishReason, expected.value("finish_reason"_L1).toString());
    QCOMPARE(got.done, expected.value("done"_L1).toBool());
    QCOMPARE(got.sawEnd, got.done || !got.finishReason.isEmpty());
    QCOMPARE(got.toolCallFragments > 0, !expected.value("tool_calls"_L1).toObject().isEmpty());

    const QJsonObject usage = expected.value("usage"_L1).toObject();
    QCOMPARE(got.usage.has_value(), !usage.isEmpty());
    if (got.usage) {
        QCOMPARE(got.usage->inputTokens, usage.value("prompt_tokens"_L1).toInteger());
        QCOMPARE(got.usage->outputTokens, usage.value("completion_tokens"_L1).toInteger());
    }

    QStringList expectedErrors;
    for (const QJsonValue& error : expected.value("errors"_L1).toArray())
        expectedErrors.append(expectedErrorMessage(error.toObject()));
    QCOMPARE(got.errors, expectedErrors);
}

void TestOpenAiChatStream::crlfAndKeepAlivesChangeNothing()
{
    QByteArray variant = readFixture(u"openai-chat-stream-1.sse"_s);
    variant.replace("\n\n", "\n\n: keep-alive\n\ndata:\n\n");
    variant.replace("\n", "\r\n");
    const Extracted plain = extract(readFixture(u"openai-chat-stream-1.sse"_s), 0);
    for (qsizetype size : { 0, 1, 3, 7 }) {
        const Extracted got = extract(variant, size);
        QCOMPARE(got.content, plain.content);
        QCOMPARE(got.finishReason, u"stop"_s);
        QVERIFY(got.done);
        QVERIFY(got.errors.isEmpty());
    }
}

void TestOpenAiChatStream::emojiSplitAcrossReads()
{
    const QByteArray bytes
        = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße 😀\"}}]}\n\n"
          "data: [DONE]\n\n"_ba;
    for (qsizetype size : { 1, 2, 3, 5 })
        QCOMPARE(extract(bytes, size).content, u"Grüße 😀"_s);
}

void TestOpenAiChatStream::nullContentIsNotPrinted()
{
    const QByteArray bytes
        = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":null}}]}\n\n"
          "data: {\"choices\":[{\"delta\":{\"content\":\"\"}}]}\n\n"
          "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"_ba;
    const Extracted got = extract(bytes, 0);
    QCOMPARE(got.content, u"Hi"_s);
    QVERIFY(!got.sawEnd); // no finish_reason and no [DONE]: a cut-off stream
}

void TestOpenAiChatStream::azureFirstChunkIsNotAnError()
{
    OpenAiChatStream stream;
    const auto events = stream.handleEvent(
        { {}, u"{\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0}]}"_s, {} });
    QVERIFY(events.isEmpty());
    QVERIFY(!stream.sawEnd());
}

void TestOpenAiChatStream::oneShotReply()
{
    OpenAiChatStream stream;
    const auto events = stream.handleOneShot(
        R"({"choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":5,"completion_tokens":2}})");
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).kind, ChatStreamEvent::Kind::Content);
    QCOMPARE(events.at(0).text, u"Hello!"_s);
    QCOMPARE(events.at(1).kind, ChatStreamEvent::Kind::Finish);
    QCOMPARE(events.at(2).kind, ChatStreamEvent::Kind::Usage);
    QCOMPARE(events.at(2).usage, (palaver::protocol::Usage { 5, 2 }));
}

void TestOpenAiChatStream::errorBeforeChoices()
{
    OpenAiChatStream stream;
    const auto events = stream.handleEvent({ {},
        u"{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"},\"choices\":[{\"delta\":{\"content\":\"x\"}}]}"_s,
        {} });
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.first().kind, ChatStreamEvent::Kind::Error);
    QCOMPARE(events.first().errorMessage, u"boom"_s);
    QCOMPARE(events.first().errorCode, u"server_error"_s);
}

QTEST_GUILESS_MAIN(TestOpenAiChatStream)
#include "tst_openaichatstream.moc"
