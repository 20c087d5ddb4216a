#include "net/metricsendpoint.h"

#include "chat/hub.h"
#include "limits/sharedlimits.h"
#include "metrics/metricsreport.h"
#include "metrics/prometheustext.h"
#include "net/httprequest.h"

#include <QCryptographicHash>

namespace palaver::server {

namespace {

/// Compares in time independent of where the first difference is.
bool sameSecret(const QByteArray& given, const QByteArray& expected)
{
    const QByteArray a = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

QByteArray metricsResponse(Hub* hub, const SharedLimits& shared, const MetricsAccess& access,
    const HttpRequestHead& head, const QHostAddress& peer, bool ownAddress)
{
    if (!ownAddress && !access.onMainPort)
        return httpResponse(404, "Not Found", "not found\n");
    if (!access.bearerToken.isEmpty()) {
        const QByteArray authorization = head.header("authorization");
        if (!authorization.startsWith("Bearer ")
            || !sameSecret(authorization.mid(7).trimmed(), access.bearerToken)) {
            return httpResponse(401, "Unauthorized", "a bearer token is required\n",
                "text/plain; charset=utf-8", "WWW-Authenticate: Bearer\r\n");
        }
    } else if (!ownAddress && !peer.isLoopback()) {
        return httpResponse(403, "Forbidden",
            "metrics are served to loopback only; set [metrics] token or listen\n");
    }
    MetricsSources sources;
    sources.metrics = &hub->metrics();
    sources.offenders = &hub->offenders();
    sources.sendBudget = &hub->sendBudget();
    sources.hubQueueLength = hub->waitingRequests();
    sources.tcpConnections = shared.admission.connections();
    return httpResponse(200, "OK", renderMetrics(sources), PrometheusText::contentType);
}

} // namespace palaver::server
