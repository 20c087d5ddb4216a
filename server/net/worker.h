#pragma once

#include "net/metricsendpoint.h"
#include "net/session.h"
#include "net/timerwheel.h"

#include <QHash>
#include <QHostAddress>
#include <QMultiHash>
#include <QObject>
#include <QStringList>

class QSslSocket;
class QTcpSocket;
class QWebSocketServer;

namespace palaver::server {

struct HttpRequestHead;
class Gauge;
class Hub;
class Session;
struct SharedLimits;
class TlsCredentials;

/// One network worker thread's state: peeks at each new connection's request head, answers
/// plain HTTP itself, admits WebSocket upgrades (connection caps, browser origins) and hands them
/// to its own non-listening QWebSocketServer, and keeps the resulting sessions. With TLS, each
/// connection is a QSslSocket that does its server handshake first, within the same deadline and
/// counts as the head; the rest runs on the decrypted stream. Lives in (and is only used from)
/// its thread.
class Worker : public QObject
{
    Q_OBJECT
public:
    /// For the TLS handshake and the request head together.
    static constexpr int headTimeoutMs = 10000;

    /// `tls` (shared by the workers, outliving them) makes every connection TLS; null: plain.
    Worker(Hub* hub, SharedLimits& shared, const SessionOptions& options,
        const TlsCredentials* tls = nullptr, QObject* parent = nullptr);
    ~Worker() override;

    /// Takes over an accepted socket. Call in the worker's thread (queued).
    void takeSocket(qintptr descriptor);
    /// Closes every session with `code` and flushes what is queued for them.
    void closeAll(int code, const QString& reason);
    int sessionCount() const { return int(m_sessions.size()); }
    /// Which worker this is (the metrics' `worker` label).
    void setIndex(int index);
    /// Who may read /metrics on the main port (before the worker's thread starts).
    void setMetricsAccess(const MetricsAccess& access);

public Q_SLOTS:
    void deliverToSession(quint64 sessionId, const QByteArray& frame);
    void deliverToUser(const QString& userId, const QByteArray& frame, quint64 exceptSessionId);
    /// One frame for several users (a conversation's members): framed for the wire once.
    void deliverToUsers(
        const QStringList& userIds, const QByteArray& frame, quint64 exceptSessionId);
    /// To every signed-in session of this worker.
    void deliverToEveryone(const QByteArray& frame);
    void authenticateSession(quint64 sessionId, const QString& userId, const QString& userName);
    void countFailedLogin(quint64 sessionId);
    void settleSignIn(quint64 sessionId);
    /// Closes the session with 4401: its token is no longer valid.
    void revokeSession(quint64 sessionId, const QString& reason);

private:
    void onReadyRead(QTcpSocket* socket);
    /// Before encryption: a TLS record starts the server handshake; anything else is refused.
    void sniffTls(QSslSocket* socket);
    void handshakeFailed(QSslSocket* socket);
    /// Ends a connection whose handshake failed: logged once per address and interval when it
    /// looks like abuse (`suspicious`), at debug level otherwise (a client refusing the
    /// certificate, a scanner).
    void dropHandshake(QSslSocket* socket, const QString& why, bool suspicious);
    void inspect(QTcpSocket* socket);
    void upgrade(QTcpSocket* socket, const HttpRequestHead& head);
    void answerAndClose(QTcpSocket* socket, const QByteArray& response);
    void refuseUpgrade(QTcpSocket* socket, const QHostAddress& client, const QString& limit,
        int status, const QByteArray& reason, const QString& detail);
    void forgetPending(QTcpSocket* socket);
    void adoptWebSockets();
    void removeSession(quint64 sessionId);
    QWebSocketServer* webSocketServer();
    /// The deadlines of this worker's connections and sessions (one QTimer for all of them).
    TimerWheel& timerWheel();

    void answerMetrics(QTcpSocket* socket, const HttpRequestHead& head);

    Hub* m_hub;
    SharedLimits& m_shared;
    Gauge* m_sessionGauge = nullptr;
    MetricsAccess m_metricsAccess;
    SessionOptions m_options;
    const TlsCredentials* m_tls;
    /// An upgrading socket, between the handshake's start and its WebSocket: its descriptor, the
    /// client address its limits count against and, with TLS, the encrypted socket (whose
    /// progress the session counts). Keyed by the peer's address and port.
    struct Upgrading
    {
        qintptr descriptor;
        QHostAddress client;
        QSslSocket* tls = nullptr;
        QTcpSocket* transport = nullptr; ///< the socket itself (the QWebSocket writes to it)
    };
    QHash<QPair<QHostAddress, quint16>, Upgrading> m_upgrading;
    QWebSocketServer* m_webSocketServer = nullptr;
    TimerWheel* m_timerWheel = nullptr;
    /// Sockets whose request head is still awaited, with their deadline and the address their
    /// place among the pending heads is counted against (empty for a trusted proxy).
    struct Pending
    {
        TimerWheel::Timer* deadline = nullptr; ///< owned; in the worker's wheel
        QHostAddress countedAddress;
        QString alert; ///< a TLS alert the client sent during the handshake
    };
    QHash<QTcpSocket*, Pending> m_pending;
    QHash<quint64, Session*> m_sessions;
    /// Event-loop passes of this worker's thread (Session::setTransport); counted from the first
    /// session on.
    quint64 m_pass = 0;
    bool m_countingPasses = false;
    QMultiHash<QString, Session*> m_sessionsByUser;
};

} // namespace palaver::server
