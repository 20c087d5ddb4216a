#pragma once

#include <QByteArray>
#include <QHostAddress>

namespace palaver::server {

class Hub;
struct HttpRequestHead;
struct SharedLimits;

/// Who may read `GET /metrics`.
struct MetricsAccess
{
    /// Served on the main port at all (off when metrics are off or have their own address).
    bool onMainPort = true;
    /// Without a token, only loopback peers may scrape the main port (the counters say how busy
    /// the server is and which limits are hit: not for strangers). With one, a request must
    /// carry `Authorization: Bearer TOKEN`, from anywhere.
    QByteArray bearerToken;
};

/// The whole HTTP answer to a `GET /metrics` (thread-safe): 200 with the Prometheus text, 401
/// without the right token, 403 from a stranger on the main port, 404 when not served there.
/// `ownAddress`: the request came to the metrics' own listen address (no loopback rule there).
QByteArray metricsResponse(Hub* hub, const SharedLimits& shared, const MetricsAccess& access,
    const HttpRequestHead& head, const QHostAddress& peer, bool ownAddress);

} // namespace palaver::server
