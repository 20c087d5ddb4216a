// Token counts from an upstream reach `generation.end`, whose decoder accepts 0 … 2^53 - 1 only: a
// broken or hostile upstream's negative or huge counts are clamped by every stream decoder (found
// by tests/fuzz; before, the clients refused the end of such a reply).

#include "ai/anthropicchatstream.h"
#include "ai/ollamachatstream.h"
#include "ai/openaichatstream.h"

#include <QTest>

#include <memory>

using namespace palaver::server;

namespace {

QList<palaver::protocol::Usage> usagesOf(StreamDecoder& decoder, const QByteArray& stream)
{
    QList<ChatStreamEvent> events = decoder.feed(stream);
    events += decoder.finish();
    QList<palaver::protocol::Usage> usages;
    for (const ChatStreamEvent& event : events) {
        if (event.kind == ChatStreamEvent::Kind::Usage)
            usages.append(event.usage);
    }
    return usages;
}

} // namespace

class TestTokenCounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clamped_data();
    void clamped();
};

void TestTokenCounts::clamped_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("output");
    QTest::newRow("openai") << QStringLiteral("openai")
                            << QByteArray("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":-3,"
                                          "\"completion_tokens\":9007199254740993}}\n\n")
                            << qint64(0) << kMaxTokenCount;
    QTest::newRow("ollama") << QStringLiteral("ollama")
                            << QByteArray("{\"done\":true,\"done_reason\":\"stop\","
                                          "\"prompt_eval_count\":-5,\"eval_count\":2}\n")
                            << qint64(0) << qint64(2);
    QTest::newRow("anthropic")
        << QStringLiteral("anthropic")
        << QByteArray("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                      "{\"usage\":{\"input_tokens\":-7}}}\n\n"
                      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                      "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":-2}}\n\n")
        << qint64(0) << qint64(0);
}

void TestTokenCounts::clamped()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, stream);
    QFETCH(qint64, input);
    QFETCH(qint64, output);
    std::unique_ptr<StreamDecoder> decoder;
    if (format == u"openai")
        decoder = std::make_unique<OpenAiChatStream>();
    else if (format == u"ollama")
        decoder = std::make_unique<OllamaChatStream>();
    else
        decoder = std::make_unique<AnthropicChatStream>();
    const QList<palaver::protocol::Usage> usages = usagesOf(*decoder, stream);
    QCOMPARE(usages.size(), 1);
    QCOMPARE(usages.first().inputTokens, input);
    QCOMPARE(usages.first().outputTokens, output);
}

QTEST_GUILESS_MAIN(TestTokenCounts)
#include "tst_tokencounts.moc"
