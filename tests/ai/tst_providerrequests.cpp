#include "providerkinds.h"

#include <QJsonArray>

using namespace providertest;
using palaver::server::createProvider;

namespace {

/// Runs one completion of `config` against a FakeUpstream serving `fixture`; the request it got.
FakeUpstream::Request sentRequest(LlmConfig config, const QString& fixture)
{
    FakeUpstream up;
    up.serveFile(fixtureDir + fixture);
    QUrl base = up.baseUrl();
    if (config.kind == Kind::Ollama)
        base.setPath(u"/"_s); // Ollama's native API hangs off the server root
    config.baseUrl = base;
    const std::unique_ptr<Provider> provider = createProvider(config);
    Recorder run(*provider);
    if (!run.waitFinished() || up.requests().size() != 1)
        return {};
    return up.requests().first();
}

QJsonObject bodyOf(const FakeUpstream::Request& request)
{
    return QJsonDocument::fromJson(request.body).object();
}

} // namespace

/// What the Ollama and Anthropic providers send, and the sampling settings of all three.
class TestProviderRequests : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ollamaRequest();
    void anthropicRequest();
    void anthropicMaxTokensAndTemperature();
    void openAiSamplingSettings();
    void factoryBuildsEveryKind();
};

void TestProviderRequests::ollamaRequest()
{
    LlmConfig config = configFor(Kind::Ollama, {});
    config.model = u"llama3"_s;
    config.temperature = 0.5;
    config.maxTokens = 300;
    const FakeUpstream::Request got = sentRequest(config, u"ollama-chat-1.ndjson"_s);
    QCOMPARE(got.method, "POST"_ba);
    QCOMPARE(got.path, "/api/chat"_ba);
    QCOMPARE(got.header("Content-Type"), "application/json"_ba);
    QCOMPARE(got.header("User-Agent"), "Palaver/0.1"_ba);
    const QJsonObject body = bodyOf(got);
    QCOMPARE(body.value("model"_L1).toString(), u"llama3"_s);
    QCOMPARE(body.value("stream"_L1).toBool(), true);
    const QJsonObject options = body.value("options"_L1).toObject();
    QCOMPARE(options.value("temperature"_L1).toDouble(), 0.5);
    QCOMPARE(options.value("num_predict"_L1).toInt(), 300);
    const QJsonArray messages = body.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"system"_s);
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"Weather in Paris? ☀"_s);
}

void TestProviderRequests::anthropicRequest()
{
    LlmConfig config = configFor(Kind::Anthropic, {});
    config.model = u"claude-test"_s;
    const FakeUpstream::Request got = sentRequest(config, u"anthropic-messages-1.sse"_s);
    QCOMPARE(got.path, "/v1/messages"_ba);
    QCOMPARE(got.header("x-api-key"), "sk-test-123"_ba);
    QCOMPARE(got.header("anthropic-version"), "2023-06-01"_ba);
    QVERIFY(got.header("Authorization").isEmpty());
    const QJsonObject body = bodyOf(got);
    QCOMPARE(body.value("model"_L1).toString(), u"claude-test"_s);
    QCOMPARE(body.value("stream"_L1).toBool(), true);
    QCOMPARE(body.value("max_tokens"_L1).toInt(), LlmConfig::anthropicDefaultMaxTokens);
    QVERIFY(!body.contains("temperature"_L1));
    // The system prompt is top-level, not a message.
    QCOMPARE(body.value("system"_L1).toString(), u"Be brief."_s);
    const QJsonArray messages = body.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"user"_s);
}

void TestProviderRequests::anthropicMaxTokensAndTemperature()
{
    LlmConfig config = configFor(Kind::Anthropic, {});
    config.maxTokens = 512;
    config.temperature = 0.25;
    const QJsonObject body = bodyOf(sentRequest(config, u"anthropic-messages-1.sse"_s));
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 512);
    QCOMPARE(body.value("temperature"_L1).toDouble(), 0.25);
}

void TestProviderRequests::openAiSamplingSettings()
{
    LlmConfig config = configFor(Kind::OpenAi, {});
    QJsonObject body = bodyOf(sentRequest(config, u"openai-chat-stream-1.sse"_s));
    QVERIFY(!body.contains("temperature"_L1));
    QVERIFY(!body.contains("max_tokens"_L1));

    config.temperature = 0.75;
    config.maxTokens = 100;
    body = bodyOf(sentRequest(config, u"openai-chat-stream-1.sse"_s));
    QCOMPARE(body.value("temperature"_L1).toDouble(), 0.75);
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 100);

    config.maxTokensField = u"max_completion_tokens"_s;
    body = bodyOf(sentRequest(config, u"openai-chat-stream-1.sse"_s));
    QCOMPARE(body.value("max_completion_tokens"_L1).toInt(), 100);
    QVERIFY(!body.contains("max_tokens"_L1));
}

void TestProviderRequests::factoryBuildsEveryKind()
{
    // Each kind is answered in its own wire format: the wrong decoder would relay no text.
    for (const Kind kind : { Kind::OpenAi, Kind::Ollama, Kind::Anthropic }) {
        FakeUpstream up;
        up.serve(goodResponse(kind));
        const std::unique_ptr<Provider> provider = createProvider(configFor(kind, up.baseUrl()));
        Recorder run(*provider);
        QVERIFY(run.waitFinished());
        QCOMPARE(run.outcome().finish, FinishReason::Stop);
        QCOMPARE(run.outcome().text, expectedContent(goodFixture(kind)));
        QCOMPARE(provider->model().id, u"gpt-test"_s);
    }
    QCOMPARE(LlmConfig::defaultBaseUrl(Kind::Ollama), QUrl(u"http://127.0.0.1:11434"_s));
    QCOMPARE(LlmConfig::defaultBaseUrl(Kind::Anthropic), QUrl(u"https://api.anthropic.com/v1"_s));
}

QTEST_GUILESS_MAIN(TestProviderRequests)
#include "tst_providerrequests.moc"
