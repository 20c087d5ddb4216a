#include "net/worker.h"

#include "chat/hub.h"
#include "limits/sharedlimits.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "metrics/servermetrics.h"
#include "net/clientaddress.h"
#include "net/httprequest.h"
#include "net/session.h"
#include "net/subprotocol.h"
#include "net/tlscredentials.h"
#include "net/wireframe.h"
#include "protocol/codec.h"

#include <QAbstractEventDispatcher>
#include <QAtomicInteger>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {
QAtomicInteger<quint64> sessionCounter;
constexpr qsizetype maxHeadBytes = 16 * 1024;
/// The first byte of every TLS record that starts a handshake (a ClientHello).
constexpr char tlsHandshakeRecord = 0x16;
} // namespace

Worker::Worker(Hub* hub, SharedLimits& shared, const SessionOptions& options,
    const TlsCredentials* tls, QObject* parent)
    : QObject(parent)
    , m_hub(hub)
    , m_shared(shared)
    , m_options(options)
    , m_tls(tls)
{ }

Worker::~Worker()
{
    for (const Pending& pending : std::as_const(m_pending))
        delete pending.deadline;
}

void Worker::setMetricsAccess(const MetricsAccess& access)
{
    m_metricsAccess = access;
}

void Worker::setIndex(int index)
{
    m_sessionGauge = &m_hub->metrics().workerSessions.with(QString::number(index));
}

QWebSocketServer* Worker::webSocketServer()
{
    // Created lazily so it is born in the worker's thread.
    if (!m_webSocketServer) {
        m_webSocketServer
            = new QWebSocketServer(u"palaver-server"_s, QWebSocketServer::NonSecureMode, this);
        m_webSocketServer->setSupportedSubprotocols({ QString::fromLatin1(subprotocolName) });
        connect(
            m_webSocketServer, &QWebSocketServer::newConnection, this, &Worker::adoptWebSockets);
    }
    return m_webSocketServer;
}

TimerWheel& Worker::timerWheel()
{
    // Created lazily, like the WebSocket server, so its QTimer is born in the worker's thread.
    // Ticks of 100 ms: the shortest deadline it keeps is a fraction of a second (a fragmented
    // message's, in tests), each may come up to a tick late and none early.
    if (!m_timerWheel)
        m_timerWheel = new TimerWheel(100, {}, this);
    return *m_timerWheel;
}

void Worker::takeSocket(qintptr descriptor)
{
    // A QSslSocket starts unencrypted: the worker looks at the first byte before it handshakes.
    auto* socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcNet, "cannot take a connection: %s", qPrintable(socket->errorString()));
        delete socket;
        return;
    }
    // TCP_NODELAY: the server often writes two frames in a row to one client (an `ack` and then
    // the sender's own message; a message and then a read marker). With Nagle's algorithm the
    // second waits for the client's delayed ACK of the first, about 40 ms.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Heads still awaited count per peer too (a slow-head flood from one address cannot fill the
    // server), except from a trusted proxy, which speaks for many clients.
    const QHostAddress peer = socket->peerAddress();
    bool fromProxy = false;
    for (const auto& subnet : m_shared.limits.connections.trustedProxies)
        fromProxy = fromProxy || peer.isInSubnet(subnet);
    const QHostAddress countedAddress = fromProxy ? QHostAddress() : peer;
    const ConnectionAdmission::Verdict verdict = m_shared.admission.acceptSocket(countedAddress);
    if (verdict != ConnectionAdmission::Verdict::Admitted) {
        const bool full = verdict == ConnectionAdmission::Verdict::ServerFull;
        m_shared.offenders.hit(full ? u"max-connections"_s : u"max-pre-auth-per-ip"_s,
            full ? u"server"_s : peer.toString(),
            u"refused a connection: %1"_s.arg(describe(verdict)));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // Over TLS the answer would cost a handshake, just what a full server cannot afford: the
        // connection is only closed.
        if (!m_tls) {
            socket->write(full ? httpResponse(503, "Service Unavailable", "the server is full\n")
                               : httpResponse(429, "Too Many Requests", "too many connections\n",
                                   "text/plain; charset=utf-8", "Retry-After: 10\r\n"));
        }
        socket->disconnectFromHost();
        return;
    }
    // Counted from here until the socket is gone, whatever becomes of it (an HTTP answer, a
    // refused or failed handshake, a session): QWebSocket deletes it with itself. Connected
    // without a receiver, so forgetPending() (which disconnects the worker) keeps it.
    SharedLimits* shared = &m_shared;
    connect(socket, &QObject::destroyed, [shared] { shared->admission.socketClosed(); });
    // Forgotten (and so cancelled) before the socket goes: forgetPending() runs on every way out.
    auto* deadline = new TimerWheel::Timer([this, socket] {
        auto* tls = qobject_cast<QSslSocket*>(socket);
        if (tls && !tls->isEncrypted()) {
            dropHandshake(tls, u"no TLS handshake within %1 ms"_s.arg(headTimeoutMs), true);
            return;
        }
        answerAndClose(socket, httpResponse(408, "Request Timeout", "request head too slow\n"));
    });
    timerWheel().start(*deadline, headTimeoutMs);
    m_pending.insert(socket, Pending { deadline, countedAddress, QString() });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    if (auto* tls = qobject_cast<QSslSocket*>(socket)) {
        // The request may arrive with the handshake's last flight, before encrypted().
        connect(tls, &QSslSocket::encrypted, this, [this, socket] { inspect(socket); });
        connect(tls, &QSslSocket::errorOccurred, this, [this, tls] { handshakeFailed(tls); });
        connect(tls, &QSslSocket::alertReceived, this,
            [this, socket](QSsl::AlertLevel, QSsl::AlertType, const QString& description) {
                const auto it = m_pending.find(socket);
                if (it != m_pending.end())
                    it->alert = description;
            });
    }
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (m_pending.contains(socket)) {
            forgetPending(socket);
            socket->deleteLater();
        }
    });
    if (socket->bytesAvailable() > 0)
        onReadyRead(socket);
}

void Worker::onReadyRead(QTcpSocket* socket)
{
    auto* tls = qobject_cast<QSslSocket*>(socket);
    if (tls && tls->mode() == QSslSocket::UnencryptedMode)
        sniffTls(tls);
    else
        inspect(socket); // plain, or the decrypted stream
}

void Worker::sniffTls(QSslSocket* socket)
{
    if (!m_pending.contains(socket))
        return;
    char first = 0;
    if (socket->peek(&first, 1) != 1)
        return;
    if (first == tlsHandshakeRecord) {
        // The current certificate: a reload since the connection came in counts too.
        socket->setSslConfiguration(m_tls->configuration());
        socket->startServerEncryption();
        return;
    }
    if (first >= 'A' && first <= 'Z') {
        // Someone typed http:// or ws://: tell them in their own language.
        qCDebug(lcPalaverTls, "plain HTTP from %s on the TLS port: refused",
            qPrintable(socket->peerAddress().toString()));
        answerAndClose(socket,
            httpResponse(400, "Bad Request", "this port speaks TLS: use https:// or wss://\n"));
        return;
    }
    dropHandshake(socket,
        u"not a TLS handshake (first byte 0x%1)"_s.arg(uint(quint8(first)), 2, 16, QChar(u'0')),
        true);
}

void Worker::handshakeFailed(QSslSocket* socket)
{
    const auto it = m_pending.constFind(socket);
    // Once encrypted, a connection that goes is a disconnect like any other.
    if (it == m_pending.constEnd() || socket->isEncrypted())
        return;
    if (!it->alert.isEmpty()) {
        dropHandshake(socket, u"the client refused: %1"_s.arg(it->alert), false);
        return;
    }
    // A closed connection is a client giving up (or a port scanner); a handshake that failed
    // without an alert from the client is bytes that only look like TLS.
    const bool suspicious = socket->error() == QAbstractSocket::SslHandshakeFailedError;
    dropHandshake(socket, socket->errorString(), suspicious);
}

void Worker::dropHandshake(QSslSocket* socket, const QString& why, bool suspicious)
{
    if (!m_pending.contains(socket))
        return;
    const QString peer = socket->peerAddress().toString();
    if (suspicious) {
        m_shared.offenders.hit(u"tls-handshake"_s, peer, u"TLS handshake failed: %1"_s.arg(why));
    } else {
        qCDebug(
            lcPalaverTls, "TLS handshake with %s failed: %s", qPrintable(peer), qPrintable(why));
    }
    forgetPending(socket); // before abort(), which may emit disconnected at once
    socket->abort();
    socket->deleteLater();
}

void Worker::forgetPending(QTcpSocket* socket)
{
    const auto it = m_pending.constFind(socket);
    if (it != m_pending.constEnd()) {
        delete it->deadline; // cancels it
        m_shared.admission.headDone(it->countedAddress);
        m_pending.erase(it);
    }
    disconnect(socket, nullptr, this, nullptr);
}

void Worker::inspect(QTcpSocket* socket)
{
    if (!m_pending.contains(socket))
        return;
    // Peek, don't read: QWebSocketServer::handleConnection() reads the handshake itself.
    const QByteArray bytes = socket->peek(maxHeadBytes + 4);
    HttpRequestHead head;
    switch (HttpRequestHead::parse(bytes, &head, maxHeadBytes)) {
    case HttpRequestHead::Parse::Incomplete:
        return;
    case HttpRequestHead::Parse::Invalid:
        answerAndClose(socket, httpResponse(400, "Bad Request", "malformed request\n"));
        return;
    case HttpRequestHead::Parse::Complete:
        break;
    }
    switch (routeFor(head, subprotocolName)) {
    case Route::Health:
        answerAndClose(socket, httpResponse(200, "OK", "ok"));
        return;
    case Route::Info:
        // The hub's config does not change once the server runs: safe to read from here.
        answerAndClose(socket,
            httpResponse(200, "OK", protocol::encodeServerInfo(m_hub->config().serverInfo),
                "application/json"));
        return;
    case Route::Metrics:
        // The client a trusted proxy names, not the proxy: a proxy that forwards every path
        // must not make every stranger "loopback".
        answerAndClose(socket,
            metricsResponse(m_hub, m_shared, m_metricsAccess, head,
                clientAddress(
                    socket->peerAddress(), head, m_shared.limits.connections.trustedProxies),
                false));
        return;
    case Route::NotFound:
        answerAndClose(socket, httpResponse(404, "Not Found", "not found\n"));
        return;
    case Route::MethodNotAllowed:
        answerAndClose(socket, httpResponse(405, "Method Not Allowed", "method not allowed\n"));
        return;
    case Route::UpgradeRequired:
        answerAndClose(socket,
            httpResponse(426, "Upgrade Required", "this path speaks WebSocket (palaver.v1)\n"));
        return;
    case Route::BadSubprotocol:
        answerAndClose(socket,
            httpResponse(
                400, "Bad Request", "unsupported subprotocol; this server speaks palaver.v1\n"));
        return;
    case Route::WebSocket:
        upgrade(socket, head);
        return;
    }
}

void Worker::upgrade(QTcpSocket* socket, const HttpRequestHead& head)
{
    const ConnectionLimits& limits = m_shared.limits.connections;
    const QHostAddress client = clientAddress(socket->peerAddress(), head, limits.trustedProxies);
    // A browser page may only open the socket from an origin the operator allows: otherwise any
    // web page a user visits could talk to (and guess passwords against) a server on their LAN.
    if (!originAllowed(head, limits.allowedOrigins)) {
        refuseUpgrade(socket, client, u"allowed-origins"_s, 403, "Forbidden",
            u"refused a browser handshake from origin %1"_s.arg(
                QString::fromLatin1(head.header("origin").left(200))));
        return;
    }
    const ConnectionAdmission::Verdict verdict = m_shared.admission.admitSession(client);
    switch (verdict) {
    case ConnectionAdmission::Verdict::Admitted:
        break;
    case ConnectionAdmission::Verdict::AddressFull:
        refuseUpgrade(socket, client, u"max-connections-per-ip"_s, 429, "Too Many Requests",
            describe(verdict));
        return;
    default:
        refuseUpgrade(
            socket, client, u"max-pre-auth-per-ip"_s, 429, "Too Many Requests", describe(verdict));
        return;
    }
    const auto key = qMakePair(socket->peerAddress(), socket->peerPort());
    m_upgrading.insert(key,
        Upgrading {
            socket->socketDescriptor(), client, qobject_cast<QSslSocket*>(socket), socket });
    forgetPending(socket);
    // A handshake that fails deletes the socket without a WebSocket: its count goes with it.
    // (Connected after forgetPending(), which disconnects the worker; the guard covers sockets
    // that outlive the worker's own members while it is destroyed.)
    QPointer<Worker> self(this);
    connect(socket, &QObject::destroyed, [self, key, client] {
        if (self && self->m_upgrading.remove(key) > 0)
            self->m_shared.admission.sessionClosed(client, QString());
    });
    webSocketServer()->handleConnection(socket);
}

void Worker::refuseUpgrade(QTcpSocket* socket, const QHostAddress& client, const QString& limit,
    int status, const QByteArray& reason, const QString& detail)
{
    m_shared.offenders.hit(limit, client.toString(), detail);
    // Retry-After: a client's reconnect back-off waits at least that long.
    answerAndClose(socket,
        httpResponse(status, reason, detail.toUtf8() + '\n', "text/plain; charset=utf-8",
            status == 429 ? "Retry-After: 10\r\n" : QByteArray()));
}

void Worker::answerAndClose(QTcpSocket* socket, const QByteArray& response)
{
    forgetPending(socket);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->write(response);
    socket->disconnectFromHost(); // after the answer is written
}

void Worker::adoptWebSockets()
{
    while (m_webSocketServer->hasPendingConnections()) {
        QWebSocket* socket = m_webSocketServer->nextPendingConnection();
        if (!socket)
            break;
        const auto key = qMakePair(socket->peerAddress(), socket->peerPort());
        const auto upgrading = m_upgrading.find(key);
        if (upgrading == m_upgrading.end()) {
            // Not one of ours (cannot happen): it was never counted, so it cannot stay.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const Upgrading origin = *upgrading;
        m_upgrading.erase(upgrading);
        const quint64 id = ++sessionCounter;
        auto* session = new Session(id, socket, origin.descriptor, origin.tls, origin.client, m_hub,
            m_shared, m_options, timerWheel(), this);
        if (!m_countingPasses) {
            if (QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance()) {
                connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this,
                    [this] { ++m_pass; });
                m_countingPasses = true;
            }
        }
        session->setTransport(
            origin.transport, origin.tls == nullptr, m_countingPasses ? &m_pass : nullptr);
        m_sessions.insert(id, session);
        if (m_sessionGauge)
            m_sessionGauge->add(1);
        LogEvent(lcNet(), QtDebugMsg, u"connection opened from %1"_s.arg(origin.client.toString()))
            .field("event", u"opened"_s)
            .field("peer", origin.client.toString());
        connect(session, &Session::finished, this, &Worker::removeSession);
    }
}

void Worker::removeSession(quint64 sessionId)
{
    Session* session = m_sessions.take(sessionId);
    if (!session)
        return;
    if (m_sessionGauge)
        m_sessionGauge->add(-1);
    if (!session->userId().isEmpty())
        m_sessionsByUser.remove(session->userId(), session);
    m_shared.admission.sessionClosed(session->address(), session->userId());
    // Also before sign-in: a login still in the hub's hands must not leave a token to check.
    m_hub->sessionEnded(sessionId, session->userId());
    session->deleteLater();
}

void Worker::closeAll(int code, const QString& reason)
{
    for (Session* session : std::as_const(m_sessions))
        session->close(code, reason);
}

void Worker::deliverToSession(quint64 sessionId, const QByteArray& frame)
{
    if (Session* session = m_sessions.value(sessionId))
        session->send(frame);
}

void Worker::deliverToUser(const QString& userId, const QByteArray& frame, quint64 exceptSessionId)
{
    const auto range = m_sessionsByUser.equal_range(userId);
    if (range.first == range.second)
        return;
    const QByteArray wire = textFrame(frame);
    quint64 delivered = 0;
    for (auto it = range.first; it != range.second; ++it) {
        if ((*it)->id() != exceptSessionId) {
            (*it)->sendWireFrame(wire, frame.size());
            ++delivered;
        }
    }
    m_hub->metrics().fanoutDeliveries.add(delivered);
}

void Worker::deliverToUsers(
    const QStringList& userIds, const QByteArray& frame, quint64 exceptSessionId)
{
    QByteArray wire; // framed only when this worker has a recipient, then shared by all of them
    quint64 delivered = 0;
    for (const QString& userId : userIds) {
        const auto range = m_sessionsByUser.equal_range(userId);
        for (auto it = range.first; it != range.second; ++it) {
            if ((*it)->id() == exceptSessionId)
                continue;
            if (wire.isNull())
                wire = textFrame(frame);
            (*it)->sendWireFrame(wire, frame.size());
            ++delivered;
        }
    }
    m_hub->metrics().fanoutDeliveries.add(delivered);
}

void Worker::deliverToEveryone(const QByteArray& frame)
{
    if (m_sessionsByUser.isEmpty())
        return;
    const QByteArray wire = textFrame(frame);
    for (Session* session : std::as_const(m_sessionsByUser))
        session->sendWireFrame(wire, frame.size());
    m_hub->metrics().fanoutDeliveries.add(quint64(m_sessionsByUser.size()));
}

void Worker::authenticateSession(quint64 sessionId, const QString& userId, const QString& userName)
{
    Session* session = m_sessions.value(sessionId);
    if (!session || session->isClosing())
        return;
    if (!session->userId().isEmpty()) {
        m_sessionsByUser.remove(session->userId(), session);
        m_shared.admission.signOut(session->address(), session->userId());
    }
    if (m_shared.admission.signIn(session->address(), userId)
        != ConnectionAdmission::Verdict::Admitted) {
        m_shared.offenders.hit(u"max-sessions-per-user"_s, userName,
            u"closed a connection: the account has %1 open"_s.arg(
                m_shared.admission.sessionsOf(userId)));
        session->close(
            protocol::closecode::policyViolation, u"Too many connections of this account"_s);
        return;
    }
    session->authenticate(userId, userName);
    m_sessionsByUser.insert(userId, session);
    m_hub->sessionOnline(sessionId, userId, userName);
}

void Worker::revokeSession(quint64 sessionId, const QString& reason)
{
    if (Session* session = m_sessions.value(sessionId))
        session->close(protocol::closecode::sessionInvalid, reason);
}

void Worker::settleSignIn(quint64 sessionId)
{
    if (Session* session = m_sessions.value(sessionId))
        session->signInSettled();
}

void Worker::countFailedLogin(quint64 sessionId)
{
    if (Session* session = m_sessions.value(sessionId))
        session->noteFailedLogin();
}

} // namespace palaver::server
