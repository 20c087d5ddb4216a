#pragma once

#include "protocol/messages.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

namespace palaver::server::upstreamerrors {

/// An HTTP answer other than 2xx, with what the message needs.
struct HttpFailure
{
    int status = 0;
    QByteArray body; ///< the error body (may hold the provider's own message)
    QString model; ///< named in the 404 message
    QByteArray retryAfter; ///< the Retry-After header, if any
    bool hasApiKey = false; ///< a 401 without a key gets a different hint
};

/// What the user is told when the model server answers with a 3xx, 4xx or 5xx. The provider's
/// own `error.message` is included when the body has one.
palaver::protocol::ErrorInfo forHttpStatus(const HttpFailure& failure);

/// What the user is told when no HTTP answer came at all (refused, unknown host, TLS…).
palaver::protocol::ErrorInfo forNetworkError(
    QNetworkReply::NetworkError error, const QString& qtMessage, const QUrl& url);

/// The provider's message in an error body (`{"error": {"message": …}}`, `{"error": "…"}`,
/// `{"message": …}`, `{"detail": …}` or short plain text); empty if there is none.
QString providerMessage(const QByteArray& body);

/// A size as a person reads it in a message: "512 KiB", "1 MiB", "1.5 MiB", "300 bytes".
QString sizeText(qint64 bytes);

/// `url` as it may appear in a message: no user info, query or fragment.
QString displayUrl(const QUrl& url);

} // namespace palaver::server::upstreamerrors
