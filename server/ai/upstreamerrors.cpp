#include "upstreamerrors.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::ErrorCode;
using palaver::protocol::ErrorInfo;

namespace palaver::server::upstreamerrors {

namespace {

constexpr qsizetype maxPlainMessageChars = 300;

// "What happened (status): what the provider said. What to do."
ErrorInfo withProviderMessage(
    ErrorCode code, QString message, const QByteArray& body, const QString& hint = {})
{
    const QString detail = providerMessage(body);
    if (!detail.isEmpty())
        message += u": "_s + detail;
    if (!hint.isEmpty()) {
        if (!message.endsWith(u'.'))
            message += u'.';
        message += u' ' + hint;
    }
    return { code, message };
}

} // namespace

QString providerMessage(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject object = doc.object();
        const QJsonValue error = object.value("error"_L1);
        if (error.isObject())
            return error.toObject().value("message"_L1).toString().trimmed();
        if (error.isString())
            return error.toString().trimmed();
        for (const auto key : { "message"_L1, "detail"_L1 }) {
            if (object.value(key).isString())
                return object.value(key).toString().trimmed();
        }
        return {};
    }
    // Plain text from a proxy is worth showing; an HTML error page is not.
    const QString text = QString::fromUtf8(body).simplified();
    if (text.isEmpty() || text.startsWith(u'<') || text.size() > maxPlainMessageChars)
        return {};
    return text;
}

QString displayUrl(const QUrl& url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

ErrorInfo forHttpStatus(const HttpFailure& failure)
{
    const int status = failure.status;
    const QByteArray& body = failure.body;
    const QString code = QString::number(status);
    if (status >= 300 && status < 400) {
        // Following it would turn the POST into a GET; the operator should fix the URL instead.
        return { ErrorCode::UpstreamError,
            u"The model server redirected the request (%1); set --llm-url to the final URL"_s.arg(
                code) };
    }
    switch (status) {
    case 400:
        return withProviderMessage(
            ErrorCode::UpstreamError, u"The model server rejected the request (400)"_s, body);
    case 401:
    case 403:
        return withProviderMessage(ErrorCode::UpstreamError,
            u"The model server refused the API key (%1)"_s.arg(code), body,
            failure.hasApiKey ? u"Check PALAVER_LLM_API_KEY."_s
                              : u"No API key is set: put it in PALAVER_LLM_API_KEY."_s);
    case 404:
        return withProviderMessage(ErrorCode::UpstreamError,
            u"The model server does not know model '%1' or the URL is wrong (404)"_s.arg(
                failure.model),
            body);
    case 408:
    case 504:
        return withProviderMessage(
            ErrorCode::UpstreamTimeout, u"The model server timed out (%1)"_s.arg(code), body);
    case 413:
        return withProviderMessage(ErrorCode::UpstreamError,
            u"The conversation is too long for the model server (413)"_s, body);
    case 429: {
        QString message = u"Rate limited by the provider (429)"_s;
        bool isNumber = false;
        const int seconds = failure.retryAfter.trimmed().toInt(&isNumber);
        if (isNumber && seconds >= 0)
            message += u"; retry in %1 s"_s.arg(seconds);
        return withProviderMessage(ErrorCode::UpstreamError, message, body);
    }
    case 529: // Anthropic: too many requests across all its users, not this key's rate limit
        return withProviderMessage(
            ErrorCode::UpstreamUnavailable, u"The provider is overloaded (529)"_s, body);
    default:
        break;
    }
    if (status >= 500) {
        return withProviderMessage(ErrorCode::UpstreamUnavailable,
            u"The model server is unavailable (%1)"_s.arg(code), body);
    }
    return withProviderMessage(
        ErrorCode::UpstreamError, u"The model server rejected the request (%1)"_s.arg(code), body);
}

ErrorInfo forNetworkError(
    QNetworkReply::NetworkError error, const QString& qtMessage, const QUrl& url)
{
    if (error == QNetworkReply::TimeoutError) {
        return { ErrorCode::UpstreamTimeout,
            u"The model server at %1 did not answer in time: %2"_s.arg(
                displayUrl(url), qtMessage) };
    }
    return { ErrorCode::UpstreamUnavailable,
        u"Cannot reach the model server at %1: %2"_s.arg(displayUrl(url), qtMessage) };
}

QString sizeText(qint64 bytes)
{
    constexpr qint64 kib = 1024;
    constexpr qint64 mib = 1024 * kib;
    if (bytes >= mib)
        return u"%1 MiB"_s.arg(QString::number(double(bytes) / mib, 'g', 3));
    if (bytes >= kib)
        return u"%1 KiB"_s.arg(QString::number(double(bytes) / kib, 'g', 3));
    return u"%1 bytes"_s.arg(bytes);
}

} // namespace palaver::server::upstreamerrors
