#include "ai/localmodeldetector.h"
#include "fakeupstream.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::server::LlmConfig;
using palaver::server::LocalModelDetector;
using palaver::server::ModelSpec;

namespace {

QUrl rootOf(const FakeUpstream& up)
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(up.port()));
}

/// A local URL where nothing listens (a port that was free a moment ago).
QUrl nothingThere()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return QUrl(u"http://127.0.0.1:%1"_s.arg(probe.serverPort()));
}

FakeUpstream::Response json(const QByteArray& body)
{
    FakeUpstream::Response response;
    response.contentType = "application/json";
    response.body = body;
    return response;
}

QStringList ids(const QList<ModelSpec>& specs)
{
    QStringList result;
    for (const ModelSpec& spec : specs)
        result.append(spec.id);
    return result;
}

std::unique_ptr<LocalModelDetector> detect(LocalModelDetector::Options options)
{
    auto detector = std::make_unique<LocalModelDetector>(std::move(options));
    QSignalSpy finished(detector.get(), &LocalModelDetector::finished);
    detector->start();
    if (!finished.wait(5000))
        qWarning("detection did not finish");
    return detector;
}

} // namespace

/// Start-up detection with nothing configured: a local Ollama and llama.cpp on injected ports,
/// API keys in an injected environment, and the demo model as the fallback default.
class TestLocalModelDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsOllamaAndLlamaCpp()
    {
        FakeUpstream ollama;
        ollama.serve(json(R"({"models":[{"name":"llama3.1:latest","model":"llama3.1:latest"},)"
                          R"({"name":"qwen2.5:7b","model":"qwen2.5:7b"}]})"));
        FakeUpstream llamaCpp;
        llamaCpp.serve(json(R"({"object":"list","data":[{"id":"Qwen3-8B-Q4_K_M.gguf"}]})"));

        LocalModelDetector::Options options;
        options.ollamaUrl = rootOf(ollama);
        options.llamaCppUrl = rootOf(llamaCpp);
        const auto detector = detect(options);

        QCOMPARE(ollama.requests().size(), 1);
        QCOMPARE(ollama.requests().first().method, "GET"_ba);
        QCOMPARE(ollama.requests().first().path, "/api/tags"_ba);
        QCOMPARE(llamaCpp.requests().size(), 1);
        QCOMPARE(llamaCpp.requests().first().path, "/v1/models"_ba);

        const QList<ModelSpec> models = detector->models();
        QCOMPARE(ids(models),
            (QStringList {
                u"ollama/llama3.1:latest"_s, u"ollama/qwen2.5:7b"_s, u"llama.cpp"_s, u"demo"_s }));
        QVERIFY(models.at(0).isDefault); // a local model, not the demo, is the default
        for (qsizetype i = 1; i < models.size(); ++i)
            QVERIFY(!models.at(i).isDefault);

        const ModelSpec& ollamaModel = models.at(1);
        QCOMPARE(ollamaModel.llm.kind, LlmConfig::Kind::Ollama);
        QCOMPARE(ollamaModel.llm.baseUrl, rootOf(ollama));
        QCOMPARE(ollamaModel.llm.model, u"qwen2.5:7b"_s);
        QVERIFY(ollamaModel.contextTokens > 0);
        const ModelSpec& llamaModel = models.at(2);
        QCOMPARE(llamaModel.llm.kind, LlmConfig::Kind::OpenAi);
        QCOMPARE(llamaModel.llm.baseUrl, QUrl(rootOf(llamaCpp).toString() + u"/v1"_s));
        QCOMPARE(llamaModel.llm.model, u"Qwen3-8B-Q4_K_M.gguf"_s);
        QCOMPARE(models.at(3).llm.kind, LlmConfig::Kind::Demo);

        const QString report = detector->report().join(u'\n');
        QVERIFY2(report.contains(u"Ollama at"_s) && report.contains(u"qwen2.5:7b"_s),
            qPrintable(report));
        QVERIFY2(report.contains(u"Qwen3-8B-Q4_K_M.gguf"_s), qPrintable(report));
    }

    void nothingFoundMeansDemo()
    {
        FakeUpstream notLlamaCpp; // something else on the port: a web page
        FakeUpstream::Response page;
        page.status = 404;
        page.contentType = "text/html";
        page.body = "<html>nope</html>";
        notLlamaCpp.serve(page);

        LocalModelDetector::Options options;
        options.ollamaUrl = nothingThere();
        options.llamaCppUrl = rootOf(notLlamaCpp);
        const auto detector = detect(options);
        const QList<ModelSpec> models = detector->models();
        QCOMPARE(ids(models), QStringList { u"demo"_s });
        QVERIFY(models.first().isDefault);
        const QString report = detector->report().join(u'\n');
        QVERIFY2(report.contains(u"Ollama at %1: not found"_s.arg(options.ollamaUrl.toString())),
            qPrintable(report));
        QVERIFY2(report.contains(u"llama.cpp at"_s) && report.contains(u"HTTP 404"_s),
            qPrintable(report));
        QVERIFY2(report.contains(u"OPENAI_API_KEY: not set"_s), qPrintable(report));
    }

    void apiKeysInTheEnvironment()
    {
        LocalModelDetector::Options options;
        options.ollamaUrl = nothingThere();
        options.llamaCppUrl = nothingThere();
        options.environment
            = { u"PATH=/usr/bin"_s, u"OPENAI_API_KEY=sk-open"_s, u"ANTHROPIC_API_KEY=sk-ant"_s };
        const auto detector = detect(options);
        const QList<ModelSpec> models = detector->models();
        QCOMPARE(ids(models), (QStringList { u"openai"_s, u"anthropic"_s, u"demo"_s }));
        QVERIFY(models.at(0).isDefault);
        QCOMPARE(models.at(0).llm.kind, LlmConfig::Kind::OpenAi);
        QCOMPARE(models.at(0).llm.apiKey, u"sk-open"_s);
        QCOMPARE(models.at(0).llm.model, QLatin1StringView(LocalModelDetector::openAiModel));
        QCOMPARE(models.at(0).llm.baseUrl, QUrl(u"https://api.openai.com/v1"_s));
        QCOMPARE(models.at(1).llm.kind, LlmConfig::Kind::Anthropic);
        QCOMPARE(models.at(1).llm.apiKey, u"sk-ant"_s);
        QCOMPARE(models.at(1).llm.model, QLatin1StringView(LocalModelDetector::anthropicModel));
        // The key itself never reaches the log.
        QVERIFY(!detector->report().join(u'\n').contains(u"sk-open"_s));
    }
};

QTEST_GUILESS_MAIN(TestLocalModelDetector)
#include "tst_localmodeldetector.moc"
