#pragma once

#include "net/httprequest.h"

#include <QHostAddress>
#include <QList>
#include <QPair>

namespace palaver::server {

/// The address a connection's per-address limits apply to. That is the TCP peer, unless the peer
/// is a trusted reverse proxy: then the client it names in `X-Forwarded-For` (or the standard
/// `Forwarded: for=`), walking from the right past further trusted proxies. From anyone else those
/// headers are ignored, since a client can write whatever it likes into them.
QHostAddress clientAddress(const QHostAddress& peer, const HttpRequestHead& head,
    const QList<QPair<QHostAddress, int>>& trustedProxies);

/// Whether a browser page from the request's `Origin` may open the socket: requests without an
/// Origin (native clients) may; others only when listed in `allowedOrigins` (lower-case
/// "scheme://host[:port]").
bool originAllowed(const HttpRequestHead& head, const QStringList& allowedOrigins);

} // namespace palaver::server
