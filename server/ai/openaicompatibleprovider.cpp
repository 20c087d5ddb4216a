#include "openaicompatibleprovider.h"

#include "openaicompletion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

namespace {

QString roleName(PromptTurn::Role role)
{
    switch (role) {
    case PromptTurn::Role::System:
        return u"system"_s;
    case PromptTurn::Role::User:
        return u"user"_s;
    case PromptTurn::Role::Assistant:
        return u"assistant"_s;
    }
    return u"user"_s;
}

QUrl chatCompletionsUrl(QUrl base)
{
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    base.setPath(path + u"/chat/completions"_s);
    return base;
}

} // namespace

OpenAiCompatibleProvider::OpenAiCompatibleProvider(const LlmConfig& config)
    : m_config(config)
{ }

palaver::protocol::ModelInfo OpenAiCompatibleProvider::model() const
{
    return { m_config.model, m_config.model, true };
}

QString OpenAiCompatibleProvider::modelFor(const CompletionRequest& request) const
{
    // The provider announces exactly one model, so a conversation's stored model id is either
    // that one or stale (e.g. "demo" from before the server was configured): send the configured
    // id. The request's id is only a fallback for a configuration without one.
    return m_config.model.isEmpty() ? request.model : m_config.model;
}

QByteArray OpenAiCompatibleProvider::requestBody(const CompletionRequest& request) const
{
    QJsonArray messages;
    for (const PromptTurn& turn : request.turns)
        messages.append(
            QJsonObject { { "role"_L1, roleName(turn.role) }, { "content"_L1, turn.text } });
    const QJsonObject body {
        { "model"_L1, modelFor(request) },
        { "messages"_L1, messages },
        { "stream"_L1, true },
        // Without it OpenAI sends no token counts in a streamed reply.
        { "stream_options"_L1, QJsonObject { { "include_usage"_L1, true } } },
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QNetworkRequest OpenAiCompatibleProvider::networkRequest() const
{
    QNetworkRequest request(chatCompletionsUrl(m_config.baseUrl));
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("Accept", "text/event-stream");
    // Qt would send "Mozilla/5.0", which some gateways treat as a browser.
    request.setRawHeader("User-Agent", "Palaver/0.1");
    if (!m_config.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_config.apiKey.toUtf8());
    // The default policy would resend the POST as a GET on a 302; a redirect is an error instead.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return request;
}

Completion* OpenAiCompatibleProvider::start(const CompletionRequest& request, QObject* parent)
{
    OpenAiCompletion::Settings settings;
    settings.model = modelFor(request);
    settings.hasApiKey = !m_config.apiKey.isEmpty();
    settings.firstByteTimeoutMs = m_config.connectTimeoutMs;
    settings.idleTimeoutMs = m_config.idleTimeoutMs;
    return new OpenAiCompletion(networkRequest(), requestBody(request), settings, parent);
}

} // namespace palaver::server
