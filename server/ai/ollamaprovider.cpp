#include "ollamaprovider.h"

#include "httpcompletion.h"
#include "ollamachatstream.h"
#include "upstreamrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

OllamaProvider::OllamaProvider(const LlmConfig& config)
    : m_config(config)
{ }

palaver::protocol::ModelInfo OllamaProvider::model() const
{
    return { m_config.model, m_config.model, true };
}

QByteArray OllamaProvider::requestBody(const CompletionRequest& request) const
{
    QJsonArray messages;
    for (const PromptTurn& turn : request.turns)
        messages.append(QJsonObject {
            { "role"_L1, upstreamrequest::roleName(turn.role) }, { "content"_L1, turn.text } });
    QJsonObject options;
    if (m_config.temperature)
        options.insert("temperature"_L1, *m_config.temperature);
    if (m_config.maxTokens)
        options.insert("num_predict"_L1, *m_config.maxTokens);
    const QJsonObject body {
        { "model"_L1, upstreamrequest::modelFor(m_config, request) },
        { "messages"_L1, messages },
        { "stream"_L1, true },
        { "options"_L1, options },
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QNetworkRequest OllamaProvider::networkRequest() const
{
    QNetworkRequest request = upstreamrequest::jsonPost(
        upstreamrequest::appendPath(m_config.baseUrl, u"/api/chat"_s), "application/x-ndjson");
    // Ollama itself has no keys, but a proxy in front of it may.
    if (!m_config.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_config.apiKey.toUtf8());
    return request;
}

Completion* OllamaProvider::start(const CompletionRequest& request, QObject* parent)
{
    return new HttpCompletion(networkRequest(), requestBody(request),
        upstreamrequest::completionSettings(
            m_config, request, u"for Ollama's native API it is usually http://127.0.0.1:11434"_s),
        std::make_unique<OllamaChatStream>(), parent);
}

} // namespace palaver::server
