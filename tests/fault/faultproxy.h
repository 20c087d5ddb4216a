#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>

class FaultLink;

/// A TCP proxy on 127.0.0.1 that forwards to a server port and, following a schedule drawn from a
/// seeded QRandomGenerator, cuts connections, stalls them (holds every byte both ways for 1–3 s
/// with the sockets left open, so only a watchdog notices) and delays delivery (50–300 ms). It
/// can also take its client offline (cut everything, refuse new connections) and survives the
/// server behind it going away and coming back on the same port.
class FaultProxy : public QObject
{
    Q_OBJECT
public:
    struct Counts
    {
        int cuts = 0;
        int stalls = 0;
        int delays = 0;
    };

    FaultProxy(const QString& name, quint16 upstreamPort, quint64 seed, QObject* parent = nullptr);
    ~FaultProxy() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    QString name() const { return m_name; }

    /// Random faults on every connection, from now on (off: running stalls and delays end now).
    void setFaultsEnabled(bool enabled);
    bool faultsEnabled() const { return m_faultsEnabled; }
    /// Offline: every connection is cut and new ones are closed at once.
    void setOffline(bool offline);
    bool isOffline() const { return m_offline; }
    /// Connections currently forwarded.
    int linkCount() const;
    const Counts& counts() const { return m_counts; }

    // Called by the links.
    void countCut() { ++m_counts.cuts; }
    void countStall() { ++m_counts.stalls; }
    void countDelay() { ++m_counts.delays; }

private:
    void onNewConnection();

    QString m_name;
    quint16 m_upstreamPort;
    QRandomGenerator m_random;
    QTcpServer m_server;
    QList<QPointer<FaultLink>> m_links;
    Counts m_counts;
    bool m_faultsEnabled = false;
    bool m_offline = false;
};
