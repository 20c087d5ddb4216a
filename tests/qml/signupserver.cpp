#include "signupserver.h"

#include "protocol/codec.h"

#include <QTcpSocket>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui::test {

SignUpServer::SignUpServer(QObject* parent)
    : QObject(parent)
    , m_ws(u"signup-test"_s, QWebSocketServer::NonSecureMode)
{
    m_ws.setSupportedSubprotocols({ u"palaver.v1"_s });
    connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        }
    });
    connect(&m_ws, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket* socket = m_ws.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QWebSocket::textMessageReceived, this, &SignUpServer::onFrame);
        }
    });
    m_tcp.listen(QHostAddress::LocalHost, 0);
}

QString SignUpServer::url() const
{
    return u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_tcp.serverPort());
}

void SignUpServer::reset()
{
    m_infoRequests = 0;
    m_firstFrameType.clear();
    m_firstFrameUser.clear();
    Q_EMIT infoRequestsChanged();
    Q_EMIT firstFrameTypeChanged();
}

void SignUpServer::onReadyRead(QTcpSocket* socket)
{
    // Peeked, not read: a WebSocket upgrade goes on to QWebSocketServer with its request whole.
    const QByteArray head = socket->peek(1024);
    if (!head.contains("\r\n"))
        return;
    if (!head.startsWith("GET /v1/info ")) {
        socket->disconnect(this);
        m_ws.handleConnection(socket);
        return;
    }
    protocol::ServerInfo info { u"signup-test"_s, u"0"_s, m_registrationOpen };
    const QByteArray body = protocol::encodeServerInfo(info);
    socket->readAll();
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
    ++m_infoRequests;
    Q_EMIT infoRequestsChanged();
}

void SignUpServer::onFrame(const QString& frame)
{
    if (!m_firstFrameType.isEmpty())
        return;
    const auto decoded = protocol::decodeClientMessage(frame.toUtf8());
    if (!decoded.ok())
        return;
    if (const auto* reg = std::get_if<protocol::Register>(&*decoded.message)) {
        m_firstFrameType = u"register"_s;
        m_firstFrameUser = reg->username;
    } else if (const auto* login = std::get_if<protocol::Login>(&*decoded.message)) {
        m_firstFrameType = u"login"_s;
        m_firstFrameUser = login->username;
    } else {
        m_firstFrameType = u"other"_s;
    }
    Q_EMIT firstFrameTypeChanged();
}

} // namespace palaver::ui::test
