#include "openaicompatibleprovider.h"

#include "httpcompletion.h"
#include "openaichatstream.h"
#include "upstreamrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

using upstreamrequest::roleName;

OpenAiCompatibleProvider::OpenAiCompatibleProvider(const LlmConfig& config)
    : m_config(config)
{ }

palaver::protocol::ModelInfo OpenAiCompatibleProvider::model() const
{
    return { m_config.model, m_config.model, true };
}

QString OpenAiCompatibleProvider::modelFor(const CompletionRequest& request) const
{
    return upstreamrequest::modelFor(m_config, request);
}

QByteArray OpenAiCompatibleProvider::requestBody(const CompletionRequest& request) const
{
    QJsonArray messages;
    for (const PromptTurn& turn : request.turns)
        messages.append(
            QJsonObject { { "role"_L1, roleName(turn.role) }, { "content"_L1, turn.text } });
    QJsonObject body {
        { "model"_L1, modelFor(request) },
        { "messages"_L1, messages },
        { "stream"_L1, true },
        // Without it OpenAI sends no token counts in a streamed reply.
        { "stream_options"_L1, QJsonObject { { "include_usage"_L1, true } } },
    };
    if (m_config.temperature)
        body.insert("temperature"_L1, *m_config.temperature);
    if (m_config.maxTokens) {
        // OpenAI's reasoning models reject max_tokens and want max_completion_tokens.
        body.insert(m_config.maxTokensField.isEmpty() ? u"max_tokens"_s : m_config.maxTokensField,
            *m_config.maxTokens);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QNetworkRequest OpenAiCompatibleProvider::networkRequest() const
{
    QNetworkRequest request = upstreamrequest::jsonPost(
        upstreamrequest::appendPath(m_config.baseUrl, u"/chat/completions"_s), "text/event-stream");
    if (!m_config.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_config.apiKey.toUtf8());
    return request;
}

Completion* OpenAiCompatibleProvider::start(const CompletionRequest& request, QObject* parent)
{
    return new HttpCompletion(networkRequest(), requestBody(request),
        upstreamrequest::completionSettings(m_config, request, u"it usually ends in /v1"_s),
        std::make_unique<OpenAiChatStream>(), parent);
}

} // namespace palaver::server
