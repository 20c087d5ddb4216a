#include "net/connection.h"

#include "protocol/codec.h"
#include "protocol/qtcompat.h"

#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
// History pages and snapshots can be large; the server's own frame limit is for what we send.
constexpr qint64 kMaxIncomingBytes = 64 * 1024 * 1024;
} // namespace

Connection::Connection(QObject* parent)
    : QObject(parent)
{
    connect(&m_machine, &ConnectionStateMachine::stateChanged, this, &Connection::stateChanged);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Connection::reconnect);
}

Connection::~Connection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString Connection::subprotocolName()
{
    return u"palaver.v1"_s;
}

void Connection::open(const QUrl& url, const Credentials& credentials)
{
    m_url = url;
    m_credentials = credentials;
    m_wasWelcomed = false;
    openSocket();
}

void Connection::reconnect()
{
    if (!m_url.isValid()) {
        Q_EMIT connectionError(tr("No server to connect to: sign in first."));
        return;
    }
    openSocket();
}

void Connection::close()
{
    m_reconnectTimer.stop();
    if (!m_socket) {
        m_machine.handle(ConnectionStateMachine::Event::Closed);
        return;
    }
    m_closingOnPurpose = true;
    m_socket->close(QWebSocketProtocol::CloseCodeNormal);
    // An unconnected socket emits no disconnected(): settle here.
    if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void Connection::setAutoReconnectDelay(int ms)
{
    m_reconnectTimer.setInterval(std::max(0, ms));
}

QString Connection::negotiatedSubprotocol() const
{
    return m_socket ? m_socket->subprotocol() : QString();
}

QString Connection::nextRequestId()
{
    return u"c"_s + QString::number(++m_nextRequest);
}

QString Connection::send(protocol::ClientMessage message)
{
    QString id;
    std::visit(
        [&](auto& m) {
            if (m.id.isEmpty())
                m.id = nextRequestId();
            id = m.id;
        },
        message);
    const bool allowed = isOnline()
        || (std::holds_alternative<protocol::Ping>(message) && state() != State::Offline);
    if (!allowed || !sendNow(message))
        return {};
    return id;
}

bool Connection::sendNow(const protocol::ClientMessage& message)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    const QByteArray frame = protocol::encode(message);
    return m_socket->sendTextMessage(QString::fromUtf8(frame)) > 0;
}

void Connection::openSocket()
{
    m_reconnectTimer.stop();
    if (m_socket) {
        // Replace, don't reuse: a late signal from the old socket must not touch the new state.
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_closingOnPurpose = false;
    m_errorReported = false;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(kMaxIncomingBytes);
    m_socket->setMaxAllowedIncomingFrameSize(kMaxIncomingBytes);
    connect(m_socket, &QWebSocket::connected, this, &Connection::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Connection::onTextMessage);
    connect(m_socket, PALAVER_WEBSOCKET_ERROR_SIGNAL, this, [this](QAbstractSocket::SocketError) {
        if (state() == State::Offline)
            return; // reported by onDisconnected() already
        if (!m_closingOnPurpose)
            reportSocketError();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    m_machine.handle(ConnectionStateMachine::Event::Open);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({ subprotocolName() });
    m_socket->open(m_url, options);
}

void Connection::reportSocketError()
{
    m_errorReported = true;
    const QString why = m_socket->error() == QAbstractSocket::UnknownSocketError
        ? tr("the connection closed")
        : m_socket->errorString();
    const QString text = state() == State::Connecting ? tr("Cannot reach %1: %2")
                                                      : tr("Lost the connection to %1: %2");
    Q_EMIT connectionError(text.arg(m_url.toDisplayString(), why));
}

void Connection::onConnected()
{
    m_machine.handle(ConnectionStateMachine::Event::SocketConnected);
    sendSignIn();
}

void Connection::sendSignIn()
{
    m_signInRequestId = nextRequestId();
    protocol::ClientMessage message;
    if (!m_credentials.password.isEmpty())
        message
            = protocol::Login { m_signInRequestId, m_credentials.username, m_credentials.password };
    else
        message = protocol::Auth { m_signInRequestId, m_credentials.token };
    sendNow(message);
}

void Connection::onDisconnected()
{
    if (!m_socket || state() == State::Offline)
        return;
    const int code = m_socket->closeCode();
    const QString reason = m_socket->closeReason();
    const bool onPurpose = m_closingOnPurpose;
    // Qt may say disconnected() before error() when the socket never opened.
    if (state() == State::Connecting && !m_errorReported && !onPurpose)
        reportSocketError();
    const bool invalid = code == protocol::closecode::sessionInvalid;
    if (invalid) {
        m_credentials.token.clear();
        m_credentials.password.clear();
    }
    m_machine.handle(ConnectionStateMachine::Event::Closed);
    // Scheduled before anyone hears of the close, so they can see a reconnect is coming.
    if (!invalid && !onPurpose && m_wasWelcomed && m_reconnectTimer.interval() > 0)
        m_reconnectTimer.start();
    Q_EMIT closed(code, reason);
    if (invalid)
        Q_EMIT sessionInvalid();
}

void Connection::onTextMessage(const QString& frame)
{
    auto decoded = protocol::decodeServerMessage(frame.toUtf8());
    if (!decoded.ok()) {
        // A newer server may send what we don't know yet; not worth bothering the user.
        qWarning("palaver: ignoring a server frame: %s", qPrintable(decoded.error.message));
        return;
    }
    const protocol::ServerMessage& message = *decoded.message;
    if (state() == State::Authenticating) {
        if (const auto* welcome = std::get_if<protocol::Welcome>(&message);
            welcome && welcome->id == m_signInRequestId) {
            if (!welcome->token.isEmpty()) {
                m_credentials.token = welcome->token;
                m_credentials.password.clear(); // never kept longer than needed
            }
            m_wasWelcomed = true;
            m_machine.handle(ConnectionStateMachine::Event::Welcomed);
            Q_EMIT welcomed(*welcome);
            return;
        }
        if (const auto* error = std::get_if<protocol::Error>(&message);
            error && error->id == m_signInRequestId) {
            m_closingOnPurpose = true;
            m_wasWelcomed = false;
            // Tell first, so the refusal (not the close that follows) is what users hear of.
            QWebSocket* socket = m_socket;
            Q_EMIT authenticationFailed(*error);
            if (m_socket == socket && socket->state() != QAbstractSocket::UnconnectedState)
                socket->close(QWebSocketProtocol::CloseCodeNormal);
            return;
        }
    }
    Q_EMIT messageReceived(message);
}

} // namespace palaver::client
