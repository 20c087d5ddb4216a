#pragma once

#include <QByteArray>

namespace palaver::server {

class OffenderLog;
class SendBudget;
struct ServerMetrics;

/// Everything `GET /metrics` reports: the counters and the values read at scrape time.
struct MetricsSources
{
    const ServerMetrics* metrics = nullptr;
    const OffenderLog* offenders = nullptr;
    const SendBudget* sendBudget = nullptr;
    int hubQueueLength = 0;
    int tcpConnections = 0; ///< accepted sockets, WebSocket or plain HTTP
};

/// The Prometheus text of the server's metrics (thread-safe: reads atomics and locked maps).
QByteArray renderMetrics(const MetricsSources& sources);

} // namespace palaver::server
