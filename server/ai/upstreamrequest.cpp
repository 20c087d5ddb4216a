#include "upstreamrequest.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::server::upstreamrequest {

QUrl appendPath(QUrl base, const QString& path)
{
    QString basePath = base.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    base.setPath(basePath + path);
    return base;
}

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

QNetworkRequest jsonPost(const QUrl& url, const QByteArray& accept)
{
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("Accept", accept);
    // Qt would send "Mozilla/5.0", which some gateways treat as a browser.
    request.setRawHeader("User-Agent", "Palaver/0.1");
    // The default policy would resend the POST as a GET on a 302; a redirect is an error instead.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return request;
}

QString modelFor(const LlmConfig& config, const CompletionRequest& request)
{
    // The provider announces exactly one model, so a conversation's stored model id is either
    // that one or stale (e.g. "demo" from before the server was configured).
    return config.model.isEmpty() ? request.model : config.model;
}

HttpCompletion::Settings completionSettings(
    const LlmConfig& config, const CompletionRequest& request, const QString& urlHint)
{
    HttpCompletion::Settings settings;
    settings.model = modelFor(config, request);
    settings.maxLineBytes = request.maxLineBytes;
    settings.hasApiKey = !config.apiKey.isEmpty();
    settings.firstByteTimeoutMs = config.connectTimeoutMs;
    settings.idleTimeoutMs = config.idleTimeoutMs;
    settings.urlHint = urlHint;
    settings.maxRetries = config.maxRetries;
    settings.retryBaseDelayMs = config.retryBaseDelayMs;
    return settings;
}

} // namespace palaver::server::upstreamrequest
