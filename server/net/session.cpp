#include "net/session.h"

#include "chat/hub.h"
#include "limits/monotonicclock.h"
#include "limits/sharedlimits.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "metrics/servermetrics.h"
#include "net/closelinger.h"
#include "net/wireframe.h"
#include "protocol/codec.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QWebSocket>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

Session::Session(quint64 id, QWebSocket* socket, qintptr tcpDescriptor, QSslSocket* tls,
    const QHostAddress& address, Hub* hub, SharedLimits& shared, const SessionOptions& options,
    TimerWheel& wheel, QObject* parent)
    : QObject(parent)
    , m_id(id)
    , m_socket(socket)
    , m_tcpDescriptor(tcpDescriptor)
    , m_address(address)
    , m_hub(hub)
    , m_metrics(hub->metrics())
    , m_shared(shared)
    , m_limits(options.limits)
    , m_gate(shared, monotonicMs())
    , m_wheel(wheel)
    , m_pingIntervalMs(options.pingIntervalMs)
    , m_pingTimer([this] { checkAlive(); })
    , m_signInDeadline([this] { signInDeadlinePassed(); })
    , m_fragmentDeadline([this] { fragmentDeadlinePassed(); })
    , m_stallCheck([this] { checkStalled(); })
{
    const ConnectionLimits& connections = shared.limits.connections;
    m_age.start();
    m_metrics.preAuthConnections.add(1);
    m_socket->setParent(this);
    // Until sign-in only login, auth, register and ping are allowed, all of them small: a
    // stranger cannot make the server buffer a megabyte per connection.
    setFrameLimit(qMin(connections.preAuthMaxFrameBytes, m_limits.maxFrameBytes));
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Session::onText);
    connect(m_socket, &QWebSocket::textFrameReceived, this, &Session::onFrame);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Session::onBinary);
    // Emitted after the close frame is written and before Qt closes its descriptor: a duplicate
    // keeps the connection so the close frame is not lost to a reset (CloseLinger).
    connect(m_socket, &QWebSocket::aboutToClose, this, [this] {
        if (m_lingerDescriptor < 0 && !m_dropped)
            m_lingerDescriptor = CloseLinger::duplicate(m_tcpDescriptor);
    });
    // Queued: the worker may be iterating its sessions when one of them disconnects.
    connect(
        m_socket, &QWebSocket::disconnected, this,
        [this] {
            if (m_dropped)
                CloseLinger::discard(std::exchange(m_lingerDescriptor, -1));
            else
                CloseLinger::start(std::exchange(m_lingerDescriptor, -1), this->parent());
            logClosed();
            Q_EMIT finished(m_id);
        },
        Qt::QueuedConnection);
    // Progress is what the kernel took. Over TLS the plaintext is encrypted into the socket's
    // own unbounded buffer first (QSslSocket::bytesWritten says only that): count the encrypted
    // bytes leaving it, so a reader that stops is still found behind. (QWebSocket forwards
    // encryptedBytesWritten as its bytesWritten on 6.4, but does not document it.)
    if (tls)
        connect(tls, &QSslSocket::encryptedBytesWritten, this, &Session::onBytesWritten);
    else
        connect(m_socket, &QWebSocket::bytesWritten, this, &Session::onBytesWritten);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_heardFrom = true; });
    if (m_pingIntervalMs > 0)
        m_wheel.start(m_pingTimer, m_pingIntervalMs);
    m_wheel.start(m_signInDeadline, connections.preAuthTimeoutMs);
}

Session::~Session()
{
    (m_userId.isEmpty() ? m_metrics.preAuthConnections : m_metrics.signedInConnections).add(-1);
    releaseQueued();
    CloseLinger::discard(std::exchange(m_lingerDescriptor, -1));
}

void Session::setFrameLimit(qint64 bytes)
{
    // Qt's defaults are about 2 GiB; a larger frame or message is closed with 1009 by Qt itself.
    m_socket->setMaxAllowedIncomingFrameSize(quint64(bytes));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(bytes));
}

void Session::releaseQueued()
{
    m_shared.sendBudget.release(std::exchange(m_queuedBytes, 0));
}

void Session::onBytesWritten(qint64 written)
{
    // bytesWritten also counts frame headers (and TLS record overhead): the count errs on the
    // generous side.
    const qint64 released = qMin(written, m_queuedBytes);
    m_queuedBytes -= released;
    m_shared.sendBudget.release(released);
    m_lastProgressMs = monotonicMs();
}

void Session::logClosed()
{
    // The close code is ours when we closed, the peer's when it did; none when dropped.
    // Codes a peer picks are bounded to the ones the protocol knows, so a client cannot grow
    // the metric's label set.
    static const QList<int> knownCodes { 1000, 1001, 1002, 1003, 1006, 1007, 1008, 1009, 1011,
        closecode::sessionInvalid };
    const int closeCode = int(m_socket->closeCode());
    const QString code = m_dropped       ? u"dropped"_s
        : knownCodes.contains(closeCode) ? QString::number(closeCode)
                                         : u"other"_s;
    m_metrics.connectionsClosed.with(code).add();
    const QString who = m_userName.isEmpty() ? u"a connection"_s : u"\"%1\""_s.arg(m_userName);
    const QString reason = m_socket->closeReason().left(120);
    LogEvent(lcNet(), QtInfoMsg,
        u"connection closed: %1 from %2, code %3%4, after %5 s"_s.arg(who, m_address.toString(),
            code, reason.isEmpty() ? QString() : u" (%1)"_s.arg(reason),
            QString::number(m_age.elapsed() / 1000)))
        .field("event", u"closed"_s)
        .field("peer", m_address.toString())
        .field("name", m_userName)
        .field("code", code)
        .field("reason", reason)
        .field("seconds", m_age.elapsed() / 1000);
}

void Session::signInDeadlinePassed()
{
    if (!m_userId.isEmpty())
        return;
    m_shared.offenders.hit(u"pre-auth-timeout"_s, m_address.toString(),
        u"connection closed: not signed in within %1 ms"_s.arg(
            m_shared.limits.connections.preAuthTimeoutMs));
    close(closecode::policyViolation, u"Sign in first"_s);
}

void Session::fragmentDeadlinePassed()
{
    m_shared.offenders.hit(u"fragmented-message-timeout"_s, m_address.toString(),
        u"connection closed: a fragmented message did not complete in time"_s);
    close(closecode::policyViolation, u"Message not completed in time"_s);
}

void Session::checkStalled()
{
    // Again every stalledAfterMs while the queue stays behind.
    if (!dropIfStalled() && m_queuedBytes > m_shared.limits.connections.stalledReaderBytes)
        m_wheel.start(m_stallCheck, stalledAfterMs);
}

void Session::checkAlive()
{
    if (!m_heardFrom) {
        m_metrics.heartbeatTimeouts.add();
        LogEvent(lcNet(), QtInfoMsg,
            u"dropping a connection from %1 that answers no pings"_s.arg(m_address.toString()))
            .field("event", u"heartbeat-timeout"_s)
            .field("peer", m_address.toString());
        m_dropped = true;
        m_closing = true;
        m_socket->abort();
        return;
    }
    m_heardFrom = false;
    // A payload, so the pong has one too: QIODevice::read() hands the socket's whole read chunk
    // to a payload that empties the buffer, and the chunk goes with the frame. An empty pong is
    // read by header only, and QAbstractSocket keeps its 16 KiB read chunk for the connection's
    // life: about 4 KB of RSS per idle connection after the first ping (23.6 vs 19.3 KB).
    m_socket->ping(QByteArrayLiteral("p"));
    m_wheel.start(m_pingTimer, m_pingIntervalMs);
}

void Session::drop(const QString& limit, const QString& detail)
{
    m_shared.offenders.hit(limit, m_userName.isEmpty() ? m_address.toString() : m_userName, detail);
    m_metrics.slowReaderDrops.with(limit).add();
    // A close frame would only queue behind the backlog: drop the connection instead.
    m_dropped = true;
    m_closing = true;
    m_stallCheck.cancel();
    m_pingTimer.cancel();
    m_socket->abort();
    releaseQueued();
}

void Session::setTransport(QTcpSocket* transport, bool plain, const quint64* pass)
{
    m_transport = transport;
    m_plain = plain && transport && pass;
    m_pass = pass;
}

void Session::send(const QByteArray& frame)
{
    sendWireFrame(textFrame(frame), frame.size());
}

void Session::sendWireFrame(const QByteArray& wireFrame, qint64 utf8Bytes)
{
    if (m_closing)
        return;
    const ConnectionLimits& limits = m_shared.limits.connections;
    // Judged on the backlog before this frame, so one large answer always goes out.
    if (m_queuedBytes > limits.maxQueuedBytes) {
        drop(u"max-queued-bytes"_s,
            u"dropped a connection that stopped reading (%1 bytes queued)"_s.arg(m_queuedBytes));
        return;
    }
    if (dropIfStalled())
        return;
    if (m_queuedBytes == 0)
        m_lastProgressMs = monotonicMs(); // an empty queue is never behind
    m_queuedBytes += utf8Bytes;
    m_shared.sendBudget.add(utf8Bytes);
    m_metrics.framesSent.add();
    m_metrics.bytesSent.add(quint64(utf8Bytes));
    if (m_queuedBytes > limits.stalledReaderBytes && !m_stallCheck.isActive())
        m_wheel.start(m_stallCheck, stalledAfterMs);
    writeWire(wireFrame, utf8Bytes);
}

void Session::writeWire(const QByteArray& wireFrame, qint64 payloadBytes)
{
    if (!m_transport) {
        m_socket->sendTextMessage(QString::fromUtf8(wireFrame.last(payloadBytes)));
        return;
    }
    if (m_transport->state() != QAbstractSocket::ConnectedState)
        return; // going away: its disconnected() ends the session
    qint64 taken = 0;
    // Nothing waits in Qt's buffer: the kernel takes the frame now, in order, without a write
    // notifier armed and disarmed and an event-loop pass per connection and frame. Only the first
    // of a pass: a burst to one connection (sign-in's presence, a pipelined sender) still leaves
    // in one write instead of a system call per frame.
    if (m_plain && m_directPass != *m_pass && m_transport->bytesToWrite() == 0) {
        m_directPass = *m_pass;
        taken = sendNow(m_transport->socketDescriptor(), wireFrame);
    }
    if (taken > 0)
        onBytesWritten(taken); // as Qt's bytesWritten would have counted it
    if (taken < wireFrame.size())
        m_transport->write(taken == 0 ? wireFrame : wireFrame.sliced(taken));
}

bool Session::dropIfStalled()
{
    // The server's queues congested (replies pause at this point): those that are behind and have
    // not taken a byte for a while go, so stalled readers cannot add up or hold every reply
    // paused; one that keeps up stays, even when a burst puts it behind for a moment.
    if (m_closing || !m_shared.sendBudget.congested()
        || m_queuedBytes <= m_shared.limits.connections.stalledReaderBytes
        || monotonicMs() - m_lastProgressMs <= stalledAfterMs)
        return false;
    drop(u"send-budget-bytes"_s,
        u"dropped a connection that is behind (%1 bytes queued) while the server's send "
        "queues are congested"_s.arg(m_queuedBytes));
    return true;
}

void Session::authenticate(const QString& userId, const QString& userName)
{
    if (m_userId.isEmpty()) {
        m_metrics.preAuthConnections.add(-1);
        m_metrics.signedInConnections.add(1);
    }
    m_userId = userId;
    m_userName = userName;
    m_failedLogins = 0;
    m_signInPending = false;
    m_signInDeadline.cancel();
    setFrameLimit(m_limits.maxFrameBytes);
}

void Session::noteFailedLogin()
{
    m_signInPending = false;
    if (++m_failedLogins >= maxFailedLogins)
        close(closecode::policyViolation, u"Too many failed logins"_s);
}

void Session::close(int code, const QString& reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_signInDeadline.cancel();
    m_fragmentDeadline.cancel();
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    m_socket->flush();
}

void Session::onBinary(const QByteArray&)
{
    close(closecode::unsupportedData, u"Binary frames are not supported"_s);
}

void Session::onFrame(const QString&, bool isLastFrame)
{
    // The first fragment of a message starts the clock; the last one stops it. A single-frame
    // message is its own last frame.
    if (isLastFrame)
        m_fragmentDeadline.cancel();
    else if (!m_fragmentDeadline.isActive())
        m_wheel.start(m_fragmentDeadline, m_shared.limits.connections.fragmentedMessageTimeoutMs);
}

void Session::refuse(const QString& requestId, const RequestGate::Refusal& refusal, bool answer)
{
    m_shared.offenders.hit(refusal.limit, m_userName.isEmpty() ? m_address.toString() : m_userName,
        u"requests refused (rate_limited)"_s);
    if (m_gate.abusive()) {
        m_shared.offenders.hit(u"close-after-refusals"_s,
            m_userName.isEmpty() ? m_address.toString() : m_userName,
            u"connection closed: it kept sending past its rate limits"_s);
        close(closecode::policyViolation, u"Too many requests"_s);
        return;
    }
    if (!answer)
        return;
    send(encode(ServerMessage(Error { requestId, ErrorCode::RateLimited,
        u"Too many requests; try again in %1 ms"_s.arg(refusal.retryAfterMs),
        refusal.retryAfterMs })));
}

void Session::onText(const QString& text)
{
    m_heardFrom = true;
    if (m_closing)
        return;
    const QByteArray utf8 = text.toUtf8();
    m_metrics.framesReceived.add();
    m_metrics.bytesReceived.add(quint64(utf8.size()));
    Decoded<ClientMessage> decoded = decodeClientMessage(utf8, m_limits);
    if (!decoded.ok()) {
        if (const auto refusal = m_gate.check(ClientMessage(Ping {}), m_userId, m_address,
                monotonicMs())) // malformed frames count against the connection's rate too
            return refuse(decoded.error.id, *refusal);
        send(encode(ServerMessage(decoded.error)));
        return;
    }
    const ClientMessage& message = *decoded.message;
    if (const auto refusal = m_gate.check(message, m_userId, m_address, monotonicMs())) {
        // A typing signal nobody asked an answer for is dropped quietly: telling the client
        // would only double the flood.
        if (std::holds_alternative<TypingRequest>(message) && requestId(message).isEmpty())
            return refuse(QString(), *refusal, false);
        return refuse(requestId(message), *refusal);
    }
    if (const auto* ping = std::get_if<Ping>(&message)) {
        send(encode(ServerMessage(Pong { ping->id })));
        return;
    }
    const bool opensSession = std::holds_alternative<Login>(message)
        || std::holds_alternative<Auth>(message) || std::holds_alternative<Register>(message);
    if (opensSession) {
        // One sign-in at a time per connection: pipelined logins cannot queue password hashes.
        if (m_signInPending)
            return refuse(requestId(message), { u"sign-in-in-flight"_s, 1000 });
        m_signInPending = true;
    } else if (m_userId.isEmpty()) {
        send(encode(ServerMessage(Error { requestId(message), ErrorCode::Unauthorized,
            u"Log in or authenticate first"_s, std::nullopt })));
        return;
    }
    if (!m_hub->post(SessionRef { m_id, m_userId, m_userName, m_address }, message)) {
        if (opensSession)
            m_signInPending = false;
        refuse(requestId(message), { u"max-queued-requests-per-user"_s, 1000 });
    }
}

} // namespace palaver::server
