#pragma once

// A tiny Palaver server for client tests: a QWebSocketServer on 127.0.0.1 port 0 that speaks
// palaver.v1, answers sign-in and the conversation requests, and records what clients sent.

#include "protocol/codec.h"

#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>

namespace palaver::test {

class FakeServer : public QObject
{
public:
    /// Return true when the message was answered (the default answers are skipped).
    using Handler = std::function<bool(QWebSocket*, const protocol::ClientMessage&)>;

    QString username = QStringLiteral("ada");
    QString password = QStringLiteral("secret");
    QString token = QStringLiteral("tok-1");
    QList<protocol::Conversation> conversations;
    QList<protocol::ClientMessage> received;
    QList<QWebSocket*> sockets;
    Handler handler;

    FakeServer()
        : m_server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode)
    {
        m_server.setSupportedSubprotocols({ QStringLiteral("palaver.v1") });
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket* socket = m_server.nextPendingConnection()) {
                sockets.append(socket);
                connect(socket, &QWebSocket::textMessageReceived, this,
                    [this, socket](const QString& frame) { onFrame(socket, frame); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    /// The address as a person would type it (the client adds /v1/ws).
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(port()); }
    QWebSocket* last() const { return sockets.isEmpty() ? nullptr : sockets.constLast(); }

    void send(QWebSocket* socket, const protocol::ServerMessage& message)
    {
        socket->sendTextMessage(QString::fromUtf8(protocol::encode(message)));
    }

    template<typename T> QList<T> receivedOf() const
    {
        QList<T> result;
        for (const auto& m : received) {
            if (const auto* t = std::get_if<T>(&m))
                result.append(*t);
        }
        return result;
    }

    protocol::Welcome welcome(const QString& id, bool withToken) const
    {
        protocol::Welcome w;
        w.id = id;
        w.server = { QStringLiteral("fake"), QStringLiteral("0") };
        w.user = { QStringLiteral("u1"), QStringLiteral("Ada") };
        if (withToken)
            w.token = token;
        w.models = { { QStringLiteral("m-other"), QStringLiteral("other"), false },
            { QStringLiteral("m-demo"), QStringLiteral("demo"), true } };
        return w;
    }

private:
    void onFrame(QWebSocket* socket, const QString& frame)
    {
        auto decoded = protocol::decodeClientMessage(frame.toUtf8());
        if (!decoded.ok()) {
            send(socket, decoded.error);
            return;
        }
        const protocol::ClientMessage& message = *decoded.message;
        received.append(message);
        if (handler && handler(socket, message))
            return;
        answer(socket, message);
    }

    void answer(QWebSocket* socket, const protocol::ClientMessage& message)
    {
        using protocol::ErrorCode;
        if (const auto* login = std::get_if<protocol::Login>(&message)) {
            if (login->username == username && login->password == password)
                send(socket, welcome(login->id, true));
            else
                send(socket,
                    protocol::Error { login->id, ErrorCode::Unauthorized,
                        QStringLiteral("Wrong username or password"), {} });
        } else if (const auto* auth = std::get_if<protocol::Auth>(&message)) {
            if (auth->token == token)
                send(socket, welcome(auth->id, false));
            else
                send(socket,
                    protocol::Error {
                        auth->id, ErrorCode::Unauthorized, QStringLiteral("Unknown token"), {} });
        } else if (const auto* list = std::get_if<protocol::ConversationsList>(&message)) {
            send(socket, protocol::ConversationsReply { list->id, conversations });
        } else if (const auto* create = std::get_if<protocol::ConversationCreate>(&message)) {
            protocol::Conversation c;
            c.convId = QStringLiteral("c-new-%1").arg(conversations.size());
            c.title = create->title.value_or(QStringLiteral("New chat"));
            c.model = QStringLiteral("demo");
            c.updatedAt = QDateTime::currentDateTimeUtc();
            conversations.append(c);
            send(socket, protocol::ConversationReply { create->id, c });
        } else if (const auto* history = std::get_if<protocol::HistoryRequest>(&message)) {
            send(socket, protocol::HistoryReply { history->id, history->convId, {}, false });
        } else if (const auto* stop = std::get_if<protocol::GenerationStop>(&message)) {
            send(socket, protocol::Ok { stop->id });
        }
    }

    QWebSocketServer m_server;
};

} // namespace palaver::test
