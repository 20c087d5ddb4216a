#include "anthropicprovider.h"

#include "anthropicchatstream.h"
#include "httpcompletion.h"
#include "upstreamrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

AnthropicProvider::AnthropicProvider(const LlmConfig& config)
    : m_config(config)
{ }

palaver::protocol::ModelInfo AnthropicProvider::model() const
{
    return { m_config.model, m_config.model, true };
}

QByteArray AnthropicProvider::requestBody(const CompletionRequest& request) const
{
    QStringList system;
    QJsonArray messages;
    for (const PromptTurn& turn : request.turns) {
        // The API takes the system prompt apart and rejects empty text blocks.
        if (turn.role == PromptTurn::Role::System) {
            system.append(turn.text);
            continue;
        }
        if (turn.text.isEmpty())
            continue;
        messages.append(QJsonObject {
            { "role"_L1, upstreamrequest::roleName(turn.role) }, { "content"_L1, turn.text } });
    }
    QJsonObject body {
        { "model"_L1, upstreamrequest::modelFor(m_config, request) },
        { "max_tokens"_L1, m_config.maxTokens.value_or(LlmConfig::anthropicDefaultMaxTokens) },
        { "messages"_L1, messages },
        { "stream"_L1, true },
    };
    if (!system.isEmpty())
        body.insert("system"_L1, system.join(u"\n\n"_s));
    if (m_config.temperature)
        body.insert("temperature"_L1, *m_config.temperature);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QNetworkRequest AnthropicProvider::networkRequest() const
{
    QNetworkRequest request = upstreamrequest::jsonPost(
        upstreamrequest::appendPath(m_config.baseUrl, u"/messages"_s), "text/event-stream");
    if (!m_config.apiKey.isEmpty())
        request.setRawHeader("x-api-key", m_config.apiKey.toUtf8());
    request.setRawHeader("anthropic-version", "2023-06-01");
    return request;
}

Completion* AnthropicProvider::start(const CompletionRequest& request, QObject* parent)
{
    return new HttpCompletion(networkRequest(), requestBody(request),
        upstreamrequest::completionSettings(
            m_config, request, u"for Anthropic it is https://api.anthropic.com/v1"_s),
        std::make_unique<AnthropicChatStream>(), parent);
}

} // namespace palaver::server
