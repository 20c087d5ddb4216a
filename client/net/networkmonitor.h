#pragma once

#include <QObject>

namespace palaver::client {

/// Tells when the network comes back, so a waiting reconnect can happen at once instead of at the
/// end of its backoff. Uses QNetworkInformation where the platform has a backend; where it has
/// none (some Linux setups) `available()` is false and only the backoff timer retries.
class NetworkMonitor : public QObject
{
    Q_OBJECT

public:
    explicit NetworkMonitor(QObject* parent = nullptr);

    bool available() const { return m_available; }
    bool reachable() const { return m_reachable; }
    /// What the platform reports (public so tests can play the platform).
    void setReachable(bool reachable);

Q_SIGNALS:
    /// The network went from unreachable to reachable.
    void networkReturned();

private:
    bool m_available = false;
    bool m_reachable = true;
};

} // namespace palaver::client
