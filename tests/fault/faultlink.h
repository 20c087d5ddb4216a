#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

class FaultProxy;

/// One proxied connection: the client's socket and the proxy's own socket to the server, bytes
/// copied both ways in order, with the faults its own random schedule picks while enabled.
class FaultLink : public QObject
{
    Q_OBJECT
public:
    FaultLink(FaultProxy* proxy, QTcpSocket* client, quint16 upstreamPort, quint64 seed);

    void setFaultsEnabled(bool enabled);
    /// Closes both sides at once (counted as a cut when `count`).
    void cut(bool count);
    bool isClosed() const { return m_closed; }

private:
    void onUpstreamConnected();
    void pump();
    void scheduleNextFault();
    void injectFault();
    void hold(int ms);
    void release();
    void closeGracefully();

    FaultProxy* m_proxy;
    QTcpSocket* m_client;
    QTcpSocket m_upstream;
    QRandomGenerator m_random;
    QTimer m_faultTimer;
    QTimer m_holdTimer;
    QByteArray m_toServer;
    QByteArray m_toClient;
    bool m_faultsEnabled = false;
    bool m_connected = false;
    bool m_held = false;
    bool m_closed = false;
};
