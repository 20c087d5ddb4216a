#include "ai/localmodeldetector.h"
#include "ai/modelregistry.h"
#include "fakeupstream.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

FakeUpstream::Response response(const QByteArray& contentType, const QByteArray& body)
{
    FakeUpstream::Response result;
    result.contentType = contentType;
    result.body = body;
    return result;
}

QUrl rootOf(const FakeUpstream& up)
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(up.port()));
}

} // namespace

/// With nothing configured: a fake Ollama and a fake llama.cpp on injected ports are detected,
/// offered in `welcome` (a local model as the default, the demo model last) and answer replies.
class TestDetectedModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detectedModelsServeReplies()
    {
        FakeUpstream ollama;
        ollama.enqueue(response("application/json",
            R"({"models":[{"name":"llama3.1:latest","model":"llama3.1:latest"}]})"));
        ollama.serve(response("application/x-ndjson",
            R"({"model":"llama3.1:latest","message":{"role":"assistant","content":"Hi"},"done":false}
{"model":"llama3.1:latest","message":{"role":"assistant","content":" there"},"done":false}
{"model":"llama3.1:latest","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}
)"));
        FakeUpstream llamaCpp;
        llamaCpp.enqueue(
            response("application/json", R"({"object":"list","data":[{"id":"qwen.gguf"}]})"));
        llamaCpp.serve(response("text/event-stream",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"From llama\"}}]}\n\n"
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            "data: [DONE]\n\n"));

        server::LocalModelDetector::Options options;
        options.ollamaUrl = rootOf(ollama);
        options.llamaCppUrl = rootOf(llamaCpp);
        server::LocalModelDetector detector(options);
        QSignalSpy finished(&detector, &server::LocalModelDetector::finished);
        detector.start();
        QVERIFY(finished.wait(5000));
        const QList<server::ModelSpec> specs = detector.models();

        TestServer::Options serverOptions;
        serverOptions.models = [specs] { return server::ModelRegistry::fromSpecs(specs); };
        TestServer testServer(serverOptions);
        QVERIFY2(testServer.start(), qPrintable(testServer.errorString()));
        QVERIFY(testServer.addUser(u"alice"_s, u"a"_s));

        WsTestClient client;
        QVERIFY(client.open(testServer.url()));
        const auto welcome = client.login(u"alice"_s, u"a"_s);
        QVERIFY(welcome);
        QCOMPARE(welcome->models,
            (QList<ModelInfo> {
                { u"ollama/llama3.1:latest"_s, u"llama3.1:latest (Ollama)"_s, true },
                { u"llama.cpp"_s, u"qwen.gguf (llama.cpp)"_s, false },
                { u"demo"_s, u"Demo (offline)"_s, false } }));

        // The default model is Ollama's, over its native API.
        client.send(ConversationCreate { u"c1"_s, u"T"_s, std::nullopt, std::nullopt });
        const auto first = client.waitFor<ConversationReply>();
        QVERIFY(first);
        client.send(MessageSend { QString(), first->conversation.convId,
            QUuid::createUuid().toString(QUuid::WithoutBraces), u"Hello"_s });
        auto end = client.waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, u"Hi there"_s);
        QCOMPARE(end->usage, std::optional<Usage>(Usage { 5, 2 }));
        QCOMPARE(ollama.requests().size(), 2);
        QCOMPARE(ollama.requests().last().path, "/api/chat"_ba);
        QCOMPARE(QJsonDocument::fromJson(ollama.requests().last().body)
                     .object()
                     .value("model"_L1)
                     .toString(),
            u"llama3.1:latest"_s);

        // llama.cpp, over the OpenAI-compatible API.
        client.send(ConversationCreate { u"c2"_s, u"T"_s, u"llama.cpp"_s, std::nullopt });
        const auto second = client.waitFor<ConversationReply>();
        QVERIFY(second);
        client.send(MessageSend { QString(), second->conversation.convId,
            QUuid::createUuid().toString(QUuid::WithoutBraces), u"Hello"_s });
        end = client.waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, u"From llama"_s);
        QCOMPARE(llamaCpp.requests().size(), 2);
        QCOMPARE(llamaCpp.requests().last().path, "/v1/chat/completions"_ba);
    }
};

QTEST_GUILESS_MAIN(TestDetectedModels)
#include "tst_detectedmodels.moc"
