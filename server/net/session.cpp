#include "net/session.h"

#include "chat/hub.h"
#include "protocol/codec.h"

#include <QWebSocket>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

Session::Session(
    quint64 id, QWebSocket* socket, Hub* hub, const SessionOptions& options, QObject* parent)
    : QObject(parent)
    , m_id(id)
    , m_socket(socket)
    , m_hub(hub)
    , m_limits(options.limits)
    , m_maxQueuedBytes(options.maxQueuedBytes)
{
    m_socket->setParent(this);
    // Qt's defaults are about 2 GiB; a larger frame or message is closed with 1009 by Qt itself.
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_limits.maxFrameBytes));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_limits.maxFrameBytes));
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Session::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &Session::onBinary);
    // Queued: the worker may be iterating its sessions when one of them disconnects.
    connect(
        m_socket, &QWebSocket::disconnected, this, [this] { Q_EMIT finished(m_id); },
        Qt::QueuedConnection);
    // bytesWritten also counts frame headers: the estimate errs on the generous side.
    connect(m_socket, &QWebSocket::bytesWritten, this,
        [this](qint64 written) { m_queuedBytes = qMax<qint64>(0, m_queuedBytes - written); });
    connect(m_socket, &QWebSocket::pong, this, [this] { m_heardFrom = true; });
    if (options.pingIntervalMs > 0) {
        connect(&m_pingTimer, &QTimer::timeout, this, &Session::checkAlive);
        m_pingTimer.start(options.pingIntervalMs);
    }
}

void Session::checkAlive()
{
    if (!m_heardFrom) {
        qInfo("palaver-server: dropping a connection that answers no pings");
        m_closing = true;
        m_pingTimer.stop();
        m_socket->abort();
        return;
    }
    m_heardFrom = false;
    m_socket->ping();
}

void Session::send(const QByteArray& frame)
{
    sendText(QString::fromUtf8(frame));
}

void Session::sendText(const QString& frame)
{
    if (m_closing)
        return;
    // Judged on the backlog before this frame, so one large answer always goes out.
    if (m_queuedBytes > m_maxQueuedBytes) {
        // A close frame would only queue behind the backlog: drop the connection instead.
        qWarning("palaver-server: dropping a connection that stopped reading (%lld bytes queued)",
            m_queuedBytes);
        m_closing = true;
        m_socket->abort();
        return;
    }
    m_queuedBytes += frame.size();
    m_socket->sendTextMessage(frame);
}

void Session::authenticate(const QString& userId, const QString& userName)
{
    m_userId = userId;
    m_userName = userName;
    m_failedLogins = 0;
}

void Session::noteFailedLogin()
{
    if (++m_failedLogins >= maxFailedLogins)
        close(closecode::policyViolation, u"Too many failed logins"_s);
}

void Session::close(int code, const QString& reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    m_socket->flush();
}

void Session::onBinary(const QByteArray&)
{
    close(closecode::unsupportedData, u"Binary frames are not supported"_s);
}

void Session::onText(const QString& text)
{
    m_heardFrom = true;
    if (m_closing)
        return;
    Decoded<ClientMessage> decoded = decodeClientMessage(text.toUtf8(), m_limits);
    if (!decoded.ok()) {
        send(encode(ServerMessage(decoded.error)));
        return;
    }
    const ClientMessage& message = *decoded.message;
    if (const auto* ping = std::get_if<Ping>(&message)) {
        send(encode(ServerMessage(Pong { ping->id })));
        return;
    }
    const bool opensSession = std::holds_alternative<Login>(message)
        || std::holds_alternative<Auth>(message) || std::holds_alternative<Register>(message);
    if (m_userId.isEmpty() && !opensSession) {
        send(encode(ServerMessage(Error { requestId(message), ErrorCode::Unauthorized,
            u"Log in or authenticate first"_s, std::nullopt })));
        return;
    }
    m_hub->post(SessionRef { m_id, m_userId, m_userName }, message);
}

} // namespace palaver::server
