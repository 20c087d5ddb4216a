#include "wstestclient.h"

#include "protocol/qtcompat.h"

#include <QNetworkRequest>
#include <QSignalSpy>
#include <QWebSocketHandshakeOptions>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

WsTestClient::WsTestClient(QObject* parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
        const QByteArray frame = text.toUtf8();
        auto decoded = protocol::decodeServerMessage(frame);
        if (decoded.ok())
            m_queue.append(*decoded.message);
        else
            m_undecodable.append(frame);
    });
}

bool WsTestClient::open(const QUrl& url, const QStringList& subprotocols, int timeoutMs)
{
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols);
    m_socket.open(QNetworkRequest(url), options);
    return connected.wait(timeoutMs) || connected.size() > 0;
}

void WsTestClient::close()
{
    m_socket.close();
}

void WsTestClient::send(const protocol::ClientMessage& message)
{
    m_socket.sendTextMessage(QString::fromUtf8(protocol::encode(message)));
}

void WsTestClient::sendText(const QString& text)
{
    m_socket.sendTextMessage(text);
}

void WsTestClient::sendBinary(const QByteArray& data)
{
    m_socket.sendBinaryMessage(data);
}

std::optional<protocol::Conversation> WsTestClient::createConversation(const QString& title)
{
    const QString id = u"create-%1"_s.arg(++m_nextId);
    send(protocol::ConversationCreate { id, title, std::nullopt, std::nullopt });
    const auto created = waitFor<protocol::ConversationReply>();
    if (!created)
        return std::nullopt;
    return created->conversation;
}

std::optional<protocol::Welcome> WsTestClient::login(
    const QString& username, const QString& password)
{
    const QString id = u"login-%1"_s.arg(++m_nextId);
    send(protocol::Login { id, username, password });
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (auto welcome = waitFor<protocol::Welcome>(10))
            return welcome;
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            const auto* error = std::get_if<protocol::Error>(&m_queue.at(i));
            if (error && error->id == id) {
                m_queue.removeAt(i);
                return std::nullopt;
            }
        }
    }
    return std::nullopt;
}

bool WsTestClient::waitForDisconnected(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    return disconnected.wait(timeoutMs) || disconnected.size() > 0;
}

} // namespace palaver::testing
