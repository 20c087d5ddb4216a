#include "net/connection.h"

#include "net/networkmonitor.h"
#include "net/plainserver.h"
#include "net/tlstrust.h"

#include "protocol/codec.h"
#include "protocol/qtcompat.h"

#include <QSslCipher>
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
    // Before the socket is open there is nothing to ping: only the answer timeout matters then.
    connect(&m_watchdog, &Watchdog::pingDue, this,
        [this] { sendNow(protocol::Ping { nextRequestId() }); });
    connect(&m_watchdog, &Watchdog::timedOut, this, &Connection::onWatchdogTimeout);
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
    open(QList<QUrl> { url }, credentials);
}

void Connection::open(const QList<QUrl>& candidates, const Credentials& credentials)
{
    m_candidates = candidates;
    m_candidate = 0;
    m_url = candidates.value(0);
    m_credentials = credentials;
    m_wasWelcomed = false;
    m_backoff.reset();
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
    m_watchdog.stop();
    if (!m_socket || m_machine.isClosed()) {
        m_machine.handle(ConnectionStateMachine::Event::Closed);
        return;
    }
    m_closingOnPurpose = true;
    m_socket->close(QWebSocketProtocol::CloseCodeNormal);
    // An unconnected socket emits no disconnected(): settle here.
    if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void Connection::setAutoReconnect(bool enabled)
{
    m_autoReconnect = enabled;
    if (!enabled && m_reconnectTimer.isActive()) {
        m_reconnectTimer.stop();
        m_machine.handle(ConnectionStateMachine::Event::Closed);
    }
}

void Connection::setAutoReconnectDelay(int ms)
{
    if (ms > 0)
        m_backoff.setInitialMs(ms);
    setAutoReconnect(ms > 0);
}

void Connection::setNetworkMonitor(NetworkMonitor* monitor)
{
    if (m_network)
        m_network->disconnect(this);
    m_network = monitor;
    if (!monitor)
        return;
    connect(monitor, &NetworkMonitor::networkReturned, this, [this] {
        // Waiting out a backoff is pointless once the network is back.
        if (state() == State::WaitingToRetry)
            reconnect();
    });
}

int Connection::reconnectInMs() const
{
    // A coarse timer may fire a little late; the countdown never shows more than was scheduled.
    return m_reconnectTimer.isActive()
        ? std::clamp(m_reconnectTimer.remainingTime(), 0, m_reconnectTimer.interval())
        : 0;
}

bool Connection::isEncrypted() const
{
    return m_url.scheme() == u"wss"_s && !m_machine.isClosed();
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
    const bool allowed
        = isOnline() || (std::holds_alternative<protocol::Ping>(message) && !m_machine.isClosed());
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
    m_certificateProblem = CertificateProblem();
    m_requestWritten = false;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    if (m_url.scheme() == u"wss"_s)
        m_socket->setSslConfiguration(
            m_trust ? m_trust->configuration() : QSslConfiguration::defaultConfiguration());
    m_socket->setMaxAllowedIncomingMessageSize(kMaxIncomingBytes);
    m_socket->setMaxAllowedIncomingFrameSize(kMaxIncomingBytes);
    connect(m_socket, &QWebSocket::connected, this, &Connection::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &Connection::onTextMessage);
    connect(m_socket, &QWebSocket::sslErrors, this, &Connection::onSslErrors);
    connect(m_socket, &QWebSocket::bytesWritten, this, [this] { m_requestWritten = true; });
    connect(m_socket, PALAVER_WEBSOCKET_ERROR_SIGNAL, this, [this](QAbstractSocket::SocketError e) {
        if (m_machine.isClosed())
            return; // reported by onDisconnected() already
        if (tryNextCandidate(e))
            return;
        if (!m_closingOnPurpose)
            reportFailure();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    m_machine.handle(ConnectionStateMachine::Event::Open);
    // Also bounds the handshake and the sign-in: a peer that accepts and then says nothing is
    // as dead as one that stops answering later.
    m_watchdog.start();
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({ subprotocolName() });
    m_socket->open(m_url, options);
}

void Connection::onSslErrors(const QList<QSslError>& errors)
{
    QSslCertificate peer = m_socket->sslConfiguration().peerCertificate();
    for (qsizetype i = 0; peer.isNull() && i < errors.size(); ++i)
        peer = errors.at(i).certificate();
    const QString endpoint = TlsTrust::endpointOf(m_url);
    if (m_trust && m_trust->isPinned(endpoint, peer)) {
        // Exactly these errors of exactly this certificate, which the user chose to trust here.
        m_socket->ignoreSslErrors(errors);
        return;
    }
    m_certificateProblem = { endpoint, peer, errors };
}

bool Connection::tryNextCandidate(QAbstractSocket::SocketError error)
{
    if (state() != State::Connecting || m_closingOnPurpose || m_candidate + 1 >= m_candidates.size()
        || m_url.scheme() != u"wss"_s)
        return false;
    const bool tlsEstablished = !m_socket->sslConfiguration().sessionCipher().isNull();
    if (!isPlainServerFailure(error, !m_certificateProblem.isNull(), tlsEstablished))
        return false;
    m_url = m_candidates.at(++m_candidate);
    openSocket();
    return true;
}

void Connection::reportFailure()
{
    if (m_certificateProblem.isNull()) {
        reportSocketError();
        return;
    }
    if (m_errorReported)
        return; // Qt may report the failed handshake more than once: the user hears it once
    m_errorReported = true;
    Q_EMIT connectionError(
        tr("The certificate of %1 is not trusted: %2")
            .arg(m_certificateProblem.endpoint, m_certificateProblem.errorTexts().join(u' ')));
    Q_EMIT certificateRejected(m_certificateProblem);
}

void Connection::reportSocketError()
{
    m_errorReported = true;
    const QString why = m_socket->error() == QAbstractSocket::UnknownSocketError
        ? tr("the connection closed")
        : m_socket->errorString();
    const QString text = state() == State::Connecting ? tr("Cannot reach %1: %2")
                                                      : tr("Lost the connection to %1: %2");
    QString message = text.arg(m_url.toDisplayString(), why);
    // The upgrade request went out and was not taken: a server with TLS answers plain requests
    // so (palaver-server says "this port speaks TLS" in an HTTP 400).
    if (state() == State::Connecting && m_url.scheme() == u"ws"_s && m_requestWritten) {
        QUrl tls = m_url;
        tls.setScheme(u"wss"_s);
        message += u' ' + tr("If the server uses TLS, connect to %1.").arg(tls.toDisplayString());
    }
    Q_EMIT connectionError(message);
}

void Connection::onConnected()
{
    const bool fellBack = m_candidate > 0;
    // From here on this is the server's URL: reconnects never fall back again.
    m_candidates = { m_url };
    m_candidate = 0;
    QWebSocket* socket = m_socket;
    Q_EMIT socketOpened(m_url, fellBack);
    if (m_socket != socket || m_closingOnPurpose || m_machine.isClosed())
        return; // the receiver closed it: nothing is sent
    m_machine.handle(ConnectionStateMachine::Event::SocketConnected);
    sendSignIn();
}

void Connection::sendSignIn()
{
    m_signInRequestId = nextRequestId();
    protocol::ClientMessage message;
    if (!m_credentials.password.isEmpty() && m_credentials.registerAccount)
        message = protocol::Register { m_signInRequestId, m_credentials.username,
            m_credentials.password };
    else if (!m_credentials.password.isEmpty())
        message
            = protocol::Login { m_signInRequestId, m_credentials.username, m_credentials.password };
    else
        message = protocol::Auth { m_signInRequestId, m_credentials.token };
    sendNow(message);
}

void Connection::onWatchdogTimeout()
{
    if (!m_socket || m_machine.isClosed())
        return;
    m_errorReported = true;
    const QString text = state() == State::Online ? tr("%1 stopped answering; reconnecting.")
                                                  : tr("No answer from %1.");
    Q_EMIT connectionError(text.arg(m_url.toDisplayString()));
    // A half-open socket may never say it closed: drop it ourselves.
    m_socket->abort();
    if (m_socket && !m_machine.isClosed())
        onDisconnected();
}

bool Connection::shouldRetry(bool invalid, bool onPurpose) const
{
    // A password sign-in that never got through is the user's to retry; a token resume is ours.
    const bool wasUsable = m_wasWelcomed || !m_credentials.token.isEmpty();
    // A refused certificate does not get better by waiting: the user decides first.
    const bool untrusted = !m_certificateProblem.isNull();
    return m_autoReconnect && !invalid && !onPurpose && wasUsable && !untrusted;
}

void Connection::onDisconnected()
{
    if (!m_socket || m_machine.isClosed())
        return;
    const int code = m_socket->closeCode();
    const QString reason = m_socket->closeReason();
    const bool onPurpose = m_closingOnPurpose;
    // Qt may say disconnected() before error() when the socket never opened.
    if (state() == State::Connecting && !m_errorReported && !onPurpose) {
        if (tryNextCandidate(m_socket->error()))
            return;
        reportFailure();
    }
    const bool invalid = code == protocol::closecode::sessionInvalid;
    if (invalid) {
        m_credentials.token.clear();
        m_credentials.password.clear();
    }
    m_watchdog.stop();
    if (state() == State::Online)
        m_backoff.noteDisconnected();
    // Scheduled before anyone hears of the close, so they can see a reconnect is coming.
    if (shouldRetry(invalid, onPurpose)) {
        const int delay = m_backoff.nextDelayMs();
        m_reconnectTimer.start(delay);
        m_machine.handle(ConnectionStateMachine::Event::RetryScheduled);
        Q_EMIT retryScheduled(delay, m_backoff.attempt());
    } else {
        m_machine.handle(ConnectionStateMachine::Event::Closed);
    }
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
    m_watchdog.noteActivity();
    if (state() == State::Authenticating) {
        if (const auto* welcome = std::get_if<protocol::Welcome>(&message);
            welcome && welcome->id == m_signInRequestId) {
            if (!welcome->token.isEmpty()) {
                m_credentials.token = welcome->token;
                m_credentials.password.clear(); // never kept longer than needed
                m_credentials.registerAccount = false; // the account exists now
            }
            m_wasWelcomed = true;
            m_backoff.noteConnected();
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
