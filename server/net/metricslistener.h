#pragma once

#include "net/metricsendpoint.h"

#include <QTcpServer>

namespace palaver::server {

class Hub;
struct SharedLimits;

/// `[metrics] listen`: a second, small port that serves only `GET /metrics` (and `/healthz`),
/// for a Prometheus on the operator's network while the main port faces the internet. Lives in
/// the hub's thread; a scrape is cheap. Bounded like the main port: a head must come within
/// Worker::headTimeoutMs, and at most `maxOpen` connections are open at once.
class MetricsListener : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr int maxOpen = 16;

    MetricsListener(
        Hub* hub, const SharedLimits& shared, MetricsAccess access, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void answer(QTcpSocket* socket);

    Hub* m_hub;
    const SharedLimits& m_shared;
    MetricsAccess m_access;
    int m_open = 0;
};

} // namespace palaver::server
