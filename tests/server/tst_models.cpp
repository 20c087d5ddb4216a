#include "ai/modelregistry.h"
#include "fakeupstream.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

/// An OpenAI-compatible stream saying "Hello world" with 12 input and 2 output tokens.
const QByteArray helloStream
    = R"(data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}

data: {"choices":[{"index":0,"delta":{"content":" world"}}]}

data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":2}}

data: [DONE]

)";

FakeUpstream::Response hello()
{
    FakeUpstream::Response response;
    response.body = helloStream;
    response.writeSize = FakeUpstream::PerSseEvent;
    return response;
}

/// beta's prompt budget: the system prompt and the last exchange of 40-character messages fit,
/// not more (see historyIsTrimmedToTheBudget).
constexpr int betaContextTokens = 45;

server::ModelSpec model(const QString& id, const QString& name, const FakeUpstream& up,
    const QString& upstreamModel, bool isDefault, int contextTokens = 0)
{
    server::ModelSpec spec;
    spec.id = id;
    spec.name = name;
    spec.llm.kind = server::LlmConfig::Kind::OpenAi;
    spec.llm.baseUrl = up.baseUrl();
    spec.llm.model = upstreamModel;
    spec.llm.apiKey = u"sk-test"_s;
    spec.llm.connectTimeoutMs = 5000;
    spec.llm.idleTimeoutMs = 5000;
    spec.contextTokens = contextTokens;
    spec.isDefault = isDefault;
    return spec;
}

QJsonObject bodyOf(const FakeUpstream::Request& request)
{
    return QJsonDocument::fromJson(request.body).object();
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

/// Several configured models over WebSocket, each with a fake upstream: welcome lists them, a
/// conversation's model and system prompt reach that model's upstream within its prompt budget,
/// and upstream failures (429 then success, 401, a cut-off stream) reach the client as the
/// protocol says, with usage and partial text stored.
class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_alpha.serve(hello());
        m_beta.serve(hello());
        TestServer::Options options;
        options.models = [this] {
            return server::ModelRegistry::fromSpecs(
                { model(u"alpha"_s, u"Alpha"_s, m_alpha, u"alpha-upstream"_s, true),
                    model(u"beta"_s, u"Beta"_s, m_beta, u"beta-upstream"_s, false,
                        betaContextTokens) });
        };
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"a"_s));
    }

    void init()
    {
        m_client = std::make_unique<WsTestClient>();
        QVERIFY(m_client->open(m_server->url()));
        const auto welcome = m_client->login(u"alice"_s, u"a"_s);
        QVERIFY(welcome);
        m_welcome = *welcome;
        m_alphaSeen = m_alpha.requests().size();
        m_betaSeen = m_beta.requests().size();
    }

    void welcomeListsEveryModel()
    {
        QCOMPARE(m_welcome.models,
            (QList<ModelInfo> {
                { u"alpha"_s, u"Alpha"_s, true }, { u"beta"_s, u"Beta"_s, false } }));
    }

    void unknownModelIsRefused()
    {
        m_client->send(ConversationCreate { u"c"_s, u"T"_s, u"gamma"_s, std::nullopt });
        const auto error = m_client->waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->id, u"c"_s);
        QCOMPARE(error->code, ErrorCode::BadRequest);
        QVERIFY2(error->message.contains(u"'gamma'"_s) && error->message.contains(u"alpha, beta"_s),
            qPrintable(error->message));
        QVERIFY(!m_client->waitFor<ConversationReply>(100));
    }

    void conversationUsesItsModelAndSystemPrompt()
    {
        const QString convId = create(u"beta"_s, u"Answer in French."_s);
        const GenerationEnd end = sendAndWait(convId, u"Hi"_s);
        QCOMPARE(end.finish, FinishReason::Stop);
        QCOMPARE(end.message.text, u"Hello world"_s);
        QCOMPARE(end.message.author.id, u"beta"_s);

        QCOMPARE(m_beta.requests().size(), m_betaSeen + 1);
        QCOMPARE(m_alpha.requests().size(), m_alphaSeen); // the default model was not asked
        const QJsonObject body = bodyOf(m_beta.requests().last());
        QCOMPARE(body.value("model"_L1).toString(), u"beta-upstream"_s);
        const QJsonArray messages = body.value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"system"_s);
        QCOMPARE(messages.at(0).toObject().value("content"_L1).toString(), u"Answer in French."_s);
        QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"Hi"_s);
    }

    void noModelMeansTheDefault()
    {
        m_client->send(ConversationCreate { u"c"_s, u"T"_s, std::nullopt, std::nullopt });
        const auto created = m_client->waitFor<ConversationReply>();
        QVERIFY(created);
        QCOMPARE(created->conversation.model, u"alpha"_s);
        const QString convId = created->conversation.convId;
        m_client->send(MessageSend { QString(), convId, newUuid(), u"Hi"_s });
        const auto start = m_client->waitFor<GenerationStart>();
        QVERIFY(start);
        QCOMPARE(start->model, u"alpha"_s);
        QVERIFY(m_client->waitFor<GenerationEnd>());
        QCOMPARE(m_alpha.requests().size(), m_alphaSeen + 1);
        QCOMPARE(
            bodyOf(m_alpha.requests().last()).value("model"_L1).toString(), u"alpha-upstream"_s);
    }

    void usageIsSentAndStored()
    {
        const QString convId = create(u"alpha"_s, QString());
        const GenerationEnd end = sendAndWait(convId, u"Count my tokens"_s);
        QCOMPARE(end.usage, std::optional<Usage>(Usage { 12, 2 }));
        m_client->send(HistoryRequest { u"h"_s, convId, std::nullopt, 10 });
        const auto history = m_client->waitFor<HistoryReply>();
        QVERIFY(history);
        const auto* stored = std::get_if<GenerationEnd>(&history->events.last());
        QVERIFY(stored);
        QCOMPARE(stored->usage, std::optional<Usage>(Usage { 12, 2 }));
    }

    void historyIsTrimmedToTheBudget()
    {
        // Estimates: system prompt 9 chars = 3 + 4 tokens, each 40-char message 10 + 4, each
        // "Hello world" reply 3 + 4. With the third message: 7 + 14 (new) + 7 + 14 = 42 fits 45;
        // the first exchange would need 21 more.
        const QString convId = create(u"beta"_s, u"Be brief."_s);
        const QString first(40, u'a');
        const QString second(40, u'b');
        const QString third(40, u'c');
        QCOMPARE(sendAndWait(convId, first).finish, FinishReason::Stop);
        QCOMPARE(sendAndWait(convId, second).finish, FinishReason::Stop);
        QCOMPARE(sendAndWait(convId, third).finish, FinishReason::Stop);

        const QJsonArray messages = bodyOf(m_beta.requests().last()).value("messages"_L1).toArray();
        QStringList sent;
        for (const QJsonValue& message : messages)
            sent.append(message.toObject().value("role"_L1).toString() + u':'
                + message.toObject().value("content"_L1).toString());
        QCOMPARE(sent,
            (QStringList { u"system:Be brief."_s, u"user:"_s + second, u"assistant:Hello world"_s,
                u"user:"_s + third }));
        // The second request still had everything.
        QCOMPARE(bodyOf(m_beta.requests().at(m_beta.requests().size() - 2))
                     .value("messages"_L1)
                     .toArray()
                     .size(),
            4);
    }

    void rateLimitedThenRetried()
    {
        FakeUpstream::Response busy;
        busy.status = 429;
        busy.contentType = "application/json";
        busy.body = R"({"error":{"message":"Rate limit reached","type":"requests"}})";
        busy.headers.append({ "Retry-After"_ba, "1"_ba });
        m_alpha.enqueue(busy);

        const QString convId = create(u"alpha"_s, QString());
        m_client->send(MessageSend { QString(), convId, newUuid(), u"Busy?"_s });
        const auto start = m_client->waitFor<GenerationStart>();
        QVERIFY(start);
        const auto status = m_client->waitFor<GenerationStatus>();
        QVERIFY(status);
        QCOMPARE(status->genId, start->genId);
        QCOMPARE(status->convId, convId);
        QCOMPARE(status->state, GenerationState::Retrying);
        QCOMPARE(status->retryInMs, std::optional<qint64>(1000));
        const auto end = m_client->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, u"Hello world"_s);
        QCOMPARE(m_alpha.requests().size(), m_alphaSeen + 2);
        QString streamed;
        while (const auto delta = m_client->waitFor<GenerationDelta>(0))
            streamed += delta->text;
        QCOMPARE(streamed, u"Hello world"_s);
    }

    void unauthorizedEndsWithReadableError()
    {
        FakeUpstream::Response refused;
        refused.status = 401;
        refused.contentType = "application/json";
        refused.body = R"({"error":{"message":"Incorrect API key provided","type":"auth"}})";
        m_alpha.enqueue(refused);

        const QString convId = create(u"alpha"_s, QString());
        const GenerationEnd end = sendAndWait(convId, u"Hi"_s);
        QCOMPARE(end.finish, FinishReason::Error);
        QVERIFY(end.error);
        QCOMPARE(end.error->code, ErrorCode::UpstreamError);
        QVERIFY2(end.error->message.contains(u"(401)"_s)
                && end.error->message.contains(u"Incorrect API key provided"_s),
            qPrintable(end.error->message));
        QCOMPARE(end.message.status, MessageStatus::Error);
        QCOMPARE(m_alpha.requests().size(), m_alphaSeen + 1); // a 401 is not retried
    }

    void truncatedStreamKeepsPartialText()
    {
        FakeUpstream::Response cut = hello();
        cut.truncateAfter = helloStream.indexOf("\" world\""); // inside the second delta
        m_alpha.enqueue(cut);

        const QString convId = create(u"alpha"_s, QString());
        const GenerationEnd end = sendAndWait(convId, u"Hi"_s);
        QCOMPARE(end.finish, FinishReason::Interrupted);
        QCOMPARE(end.message.text, u"Hello"_s);
        QCOMPARE(end.message.status, MessageStatus::Interrupted);
        QVERIFY(end.error);
        QVERIFY2(end.error->message.contains(u"before it was complete"_s),
            qPrintable(end.error->message));

        m_client->send(HistoryRequest { u"h"_s, convId, std::nullopt, 10 });
        const auto history = m_client->waitFor<HistoryReply>();
        QVERIFY(history);
        const auto* stored = std::get_if<GenerationEnd>(&history->events.last());
        QVERIFY(stored);
        QCOMPARE(stored->finish, FinishReason::Interrupted);
        QCOMPARE(stored->message.text, u"Hello"_s);
        QCOMPARE(m_alpha.requests().size(), m_alphaSeen + 1); // never resent after output
    }

    void cleanupTestCase() { m_server.reset(); }

private:
    QString create(const QString& model, const QString& systemPrompt)
    {
        m_client->send(ConversationCreate { u"create"_s, u"T"_s, model,
            systemPrompt.isEmpty() ? std::nullopt : std::optional<QString>(systemPrompt) });
        const auto created = m_client->waitFor<ConversationReply>();
        if (!created)
            return QString();
        return created->conversation.convId;
    }

    GenerationEnd sendAndWait(const QString& convId, const QString& text)
    {
        m_client->send(MessageSend { QString(), convId, newUuid(), text });
        const auto end = m_client->waitFor<GenerationEnd>(10000);
        if (!end)
            qWarning("no generation.end for '%s'", qPrintable(text));
        return end.value_or(GenerationEnd {});
    }

    FakeUpstream m_alpha;
    FakeUpstream m_beta;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<WsTestClient> m_client;
    Welcome m_welcome;
    qsizetype m_alphaSeen = 0;
    qsizetype m_betaSeen = 0;
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
