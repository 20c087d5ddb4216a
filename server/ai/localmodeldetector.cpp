#include "localmodeldetector.h"

#include "upstreamerrors.h"
#include "upstreamrequest.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

namespace {

QString envValue(const QStringList& environment, const QString& name)
{
    const QString prefix = name + u'=';
    for (const QString& entry : environment) {
        if (entry.startsWith(prefix))
            return entry.mid(prefix.size());
    }
    return QString();
}

/// Why a probe found nothing, in a few words.
QString failureOf(QNetworkReply* reply)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() >= 300)
        return u"HTTP %1"_s.arg(status.toInt());
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return u"no answer in time"_s;
    if (reply->error() != QNetworkReply::NoError)
        return reply->errorString();
    return u"not a model list"_s;
}

} // namespace

LocalModelDetector::LocalModelDetector(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this))
{ }

void LocalModelDetector::start()
{
    m_started = true;
    m_pending = 2;
    addKeyModels();
    probe(upstreamrequest::appendPath(m_options.ollamaUrl, u"/api/tags"_s),
        &LocalModelDetector::onOllama);
    probe(upstreamrequest::appendPath(m_options.llamaCppUrl, u"/v1/models"_s),
        &LocalModelDetector::onLlamaCpp);
}

void LocalModelDetector::probe(const QUrl& url, void (LocalModelDetector::*handler)(QNetworkReply*))
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "Palaver/0.1");
    // Qt's own idle timer is fine here: a probe that is aborted and one that timed out both just
    // mean "nothing there".
    request.setTransferTimeout(m_options.timeoutMs);
    QNetworkReply* reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, handler] {
        (this->*handler)(reply);
        reply->deleteLater();
        if (--m_pending == 0)
            done();
    });
}

void LocalModelDetector::onOllama(QNetworkReply* reply)
{
    const QString where = upstreamerrors::displayUrl(m_options.ollamaUrl);
    const QJsonArray list
        = QJsonDocument::fromJson(reply->readAll()).object().value("models"_L1).toArray();
    for (const QJsonValue& value : list) {
        const QString name = value.toObject().value("name"_L1).toString();
        if (name.isEmpty())
            continue;
        ModelSpec spec;
        spec.id = u"ollama/"_s + name;
        spec.name = u"%1 (Ollama)"_s.arg(name);
        spec.llm.kind = LlmConfig::Kind::Ollama;
        spec.llm.baseUrl = m_options.ollamaUrl;
        spec.llm.model = name;
        spec.contextTokens = localContextTokens;
        m_ollama.append(spec);
    }
    if (reply->error() != QNetworkReply::NoError || m_ollama.isEmpty()) {
        m_ollamaReport = list.isEmpty() && reply->error() == QNetworkReply::NoError
            ? u"Ollama at %1: running, but it has no models (ollama pull …)"_s.arg(where)
            : u"Ollama at %1: not found (%2)"_s.arg(where, failureOf(reply));
        m_ollama.clear();
        return;
    }
    QStringList names;
    for (const ModelSpec& spec : std::as_const(m_ollama))
        names.append(spec.llm.model);
    m_ollamaReport = u"Ollama at %1: %2"_s.arg(where, names.join(u", "_s));
}

void LocalModelDetector::onLlamaCpp(QNetworkReply* reply)
{
    const QString where = upstreamerrors::displayUrl(m_options.llamaCppUrl);
    const QJsonArray list
        = QJsonDocument::fromJson(reply->readAll()).object().value("data"_L1).toArray();
    // llama-server serves one model (the one it was started with) and answers with any name.
    const QString model = list.at(0).toObject().value("id"_L1).toString();
    if (reply->error() != QNetworkReply::NoError || model.isEmpty()) {
        m_llamaCppReport = u"llama.cpp at %1: not found (%2)"_s.arg(where, failureOf(reply));
        return;
    }
    ModelSpec spec;
    spec.id = u"llama.cpp"_s;
    spec.name = u"%1 (llama.cpp)"_s.arg(model);
    spec.llm.kind = LlmConfig::Kind::OpenAi;
    spec.llm.baseUrl = upstreamrequest::appendPath(m_options.llamaCppUrl, u"/v1"_s);
    spec.llm.model = model;
    spec.contextTokens = localContextTokens;
    m_llamaCpp.append(spec);
    m_llamaCppReport = u"llama.cpp at %1: %2"_s.arg(where, model);
}

void LocalModelDetector::addKeyModels()
{
    struct Key
    {
        QString variable;
        QString id;
        QString name;
        LlmConfig::Kind kind;
        QString model;
        int contextTokens;
    };
    const Key keys[] = {
        { u"OPENAI_API_KEY"_s, u"openai"_s, u"OpenAI %1"_s.arg(QLatin1StringView(openAiModel)),
            LlmConfig::Kind::OpenAi, QString::fromLatin1(openAiModel), 100000 },
        { u"ANTHROPIC_API_KEY"_s, u"anthropic"_s,
            u"Anthropic %1"_s.arg(QLatin1StringView(anthropicModel)), LlmConfig::Kind::Anthropic,
            QString::fromLatin1(anthropicModel), 150000 },
    };
    for (const Key& key : keys) {
        const QString value = envValue(m_options.environment, key.variable);
        if (value.isEmpty()) {
            m_report.append(u"%1: not set"_s.arg(key.variable));
            continue;
        }
        ModelSpec spec;
        spec.id = key.id;
        spec.name = key.name;
        spec.llm.kind = key.kind;
        spec.llm.baseUrl = LlmConfig::defaultBaseUrl(key.kind);
        spec.llm.model = key.model;
        spec.llm.apiKey = value;
        spec.apiKeyEnv = key.variable;
        spec.contextTokens = key.contextTokens;
        m_keyModels.append(spec);
        m_report.append(u"%1: set, offering %2"_s.arg(key.variable, key.model));
    }
}

void LocalModelDetector::done()
{
    m_report.prepend(m_llamaCppReport);
    m_report.prepend(m_ollamaReport);
    Q_EMIT finished();
}

QList<ModelSpec> LocalModelDetector::models() const
{
    // Local servers first: free, private, and running because someone started them.
    QList<ModelSpec> result = m_ollama + m_llamaCpp + m_keyModels;
    ModelSpec demo;
    demo.id = u"demo"_s;
    demo.name = u"Demo (offline)"_s;
    demo.llm.kind = LlmConfig::Kind::Demo;
    demo.llm.demoTokensPerSecond = m_options.demoTokensPerSecond;
    result.append(demo);
    result.first().isDefault = true;
    return result;
}

LocalModelDetector* LocalModelDetector::detectBlocking(Options options, QObject* parent)
{
    auto* detector = new LocalModelDetector(std::move(options), parent);
    QEventLoop loop;
    connect(detector, &LocalModelDetector::finished, &loop, &QEventLoop::quit);
    detector->start();
    if (!detector->isFinished())
        loop.exec();
    return detector;
}

} // namespace palaver::server
