#pragma once

#include "net/requestgate.h"
#include "net/timerwheel.h"
#include "protocol/limits.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QString>

class QSslSocket;
class QTcpSocket;
class QWebSocket;

namespace palaver::server {

class Hub;
struct ServerMetrics;
struct SharedLimits;

/// Per-connection rules every session of a server shares.
struct SessionOptions
{
    protocol::Limits limits;
    /// How often an idle connection is pinged; one that stays silent for two intervals is dropped
    /// (a half-open socket would otherwise hold its session forever). 0 disables.
    int pingIntervalMs = 30000;
};

/// One WebSocket connection on a worker thread: enforces the transport rules (size, binary,
/// UTF-8, a deadline to sign in, fragments that must complete), decodes frames, passes them
/// through the rate limits (RequestGate), gates everything but login/auth/register/ping behind
/// authentication, answers ping itself and passes the rest to the hub. Its send queue is counted
/// in bytes against its own bound and the server's send budget, until the kernel has taken them
/// (over TLS: the encrypted bytes): a peer that stops reading is dropped. Its deadlines (pings,
/// sign-in, fragments, stall checks) are timers in its worker's wheel.
class Session : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxFailedLogins = 5;
    /// A connection behind on its queue that took no byte for this long counts as stalled.
    static constexpr qint64 stalledAfterMs = 1000;

    /// `tcpDescriptor` is the connection's socket, kept to linger after a close (CloseLinger).
    /// `tls` is the encrypted socket under `socket` (owned by it), null for plain connections.
    /// `wheel` (the worker's, in this thread) keeps the session's deadlines.
    Session(quint64 id, QWebSocket* socket, qintptr tcpDescriptor, QSslSocket* tls,
        const QHostAddress& address, Hub* hub, SharedLimits& shared, const SessionOptions& options,
        TimerWheel& wheel, QObject* parent = nullptr);
    ~Session() override;

    quint64 id() const { return m_id; }
    QString userId() const { return m_userId; }
    QHostAddress address() const { return m_address; }
    bool isClosing() const { return m_closing; }

    /// The TCP (or TLS) socket under the QWebSocket, which frames built once for a whole fan-out
    /// go to as they are, with no UTF-8 round trip and no framing per connection. `plain` (no
    /// TLS): its descriptor takes the first frame of each event-loop pass directly (`pass`, the
    /// worker's count of passes, tells them apart); later ones wait in Qt's buffer and leave in
    /// one write. Without a transport, QWebSocket frames the text itself.
    void setTransport(QTcpSocket* transport, bool plain, const quint64* pass);
    /// One protocol frame (its UTF-8 JSON) as a WebSocket text message.
    void send(const QByteArray& frame);
    /// The same, already framed for the wire (textFrame(): fan-out frames once for all sessions);
    /// `payloadBytes` is the JSON's size inside it.
    void sendWireFrame(const QByteArray& wireFrame, qint64 payloadBytes);
    void authenticate(const QString& userId, const QString& userName);
    /// Counts a failed login; too many on one connection close it with 1008.
    void noteFailedLogin();
    /// The pending login/auth/register is answered: the next one may go.
    void signInSettled() { m_signInPending = false; }
    void close(int code, const QString& reason);

Q_SIGNALS:
    /// The connection is gone; the worker forgets the session and deletes it.
    void finished(quint64 id);

private:
    void onText(const QString& text);
    void onFrame(const QString& frame, bool isLastFrame);
    void onBinary(const QByteArray& data);
    void onBytesWritten(qint64 written);
    void checkAlive();
    void signInDeadlinePassed();
    void fragmentDeadlinePassed();
    void checkStalled();
    /// Counts and logs the connection's end (code, reason, how long it lived).
    void logClosed();
    /// True (and the connection dropped) when it is behind, has taken no byte for
    /// stalledAfterMs and the server's send queues are congested.
    bool dropIfStalled();
    /// Drops the connection without a close frame (a reader that stopped reading).
    void drop(const QString& limit, const QString& detail);
    /// Counts and logs a refusal, closes the connection when it keeps ignoring them, and
    /// (`answer`) sends `rate_limited` with `retryAfterMs`.
    void refuse(const QString& requestId, const RequestGate::Refusal& refusal, bool answer = true);
    void setFrameLimit(qint64 bytes);
    void releaseQueued();
    /// Hands a framed message to the network: straight to the kernel when nothing is queued
    /// before it, else behind the queue (WireWriter).
    void writeWire(const QByteArray& wireFrame, qint64 payloadBytes);

    quint64 m_id;
    QWebSocket* m_socket;
    QTcpSocket* m_transport = nullptr; ///< see setTransport(); owned by m_socket
    bool m_plain = false;
    const quint64* m_pass = nullptr;
    quint64 m_directPass = ~quint64(0); ///< the pass that last wrote straight to the kernel
    qintptr m_lingerDescriptor = -1; ///< a duplicate taken as the close starts
    qintptr m_tcpDescriptor;
    QHostAddress m_address;
    Hub* m_hub;
    ServerMetrics& m_metrics;
    SharedLimits& m_shared;
    protocol::Limits m_limits;
    RequestGate m_gate;
    TimerWheel& m_wheel;
    int m_pingIntervalMs;
    TimerWheel::Timer m_pingTimer;
    TimerWheel::Timer m_signInDeadline;
    TimerWheel::Timer m_fragmentDeadline;
    /// Runs while the queue is behind: replies pause while the queues are congested, so a stalled
    /// reader may get no further frame that would find it out (see sendWireFrame).
    TimerWheel::Timer m_stallCheck;
    bool m_heardFrom = true; ///< since the last ping
    qint64 m_queuedBytes = 0; ///< UTF-8 bytes sent to the socket, not yet written to the network
    qint64 m_lastProgressMs = 0; ///< when the network last took bytes (or the queue was empty)
    QString m_userId;
    QString m_userName;
    int m_failedLogins = 0;
    bool m_signInPending = false;
    bool m_closing = false;
    bool m_dropped = false;
    QElapsedTimer m_age; ///< since the upgrade (logged when it closes)
};

} // namespace palaver::server
