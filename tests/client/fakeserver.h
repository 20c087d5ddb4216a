#pragma once

// A tiny Palaver server for client tests: a QWebSocketServer on 127.0.0.1 port 0 that speaks
// palaver.v1, answers sign-in, ping and the conversation requests, and records what clients sent.
// With `ackSends` it also stores sent messages like a real server (dedup by clientMsgId, seq per
// conversation, ack then the message event) and answers `sync` from `stored` and `live`.

#include "protocol/codec.h"

#include <QHash>
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
    /// Off: pings go unanswered (a half-open connection).
    bool answerPings = true;
    /// On: message.send is stored and acknowledged (see above).
    bool ackSends = false;
    /// Stored events per conversation, seq 1, 2, … (what `sync` answers from).
    QHash<QString, QList<protocol::Event>> stored;
    /// Replies streaming per conversation (the `live` of a sync answer).
    QHash<QString, QList<protocol::LiveGeneration>> live;
    /// At most this many events per sync answer (then hasMore).
    int syncPageSize = 100;

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

    /// Appends a stored event with the conversation's next seq; returns that seq.
    qint64 store(const QString& convId, protocol::Event event)
    {
        const qint64 seq = stored.value(convId).size() + 1;
        std::visit([seq](auto& e) { e.seq = seq; }, event);
        stored[convId].append(event);
        return seq;
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
            // Newest first, as a real server pages it.
            protocol::HistoryReply reply { history->id, history->convId, {}, false };
            const auto events = stored.value(history->convId);
            for (auto it = events.crbegin(); it != events.crend(); ++it) {
                if (reply.events.size() == history->limit) {
                    reply.hasMore = true;
                    break;
                }
                reply.events.append(*it);
            }
            send(socket, reply);
        } else if (const auto* stop = std::get_if<protocol::GenerationStop>(&message)) {
            send(socket, protocol::Ok { stop->id });
        } else if (const auto* ping = std::get_if<protocol::Ping>(&message)) {
            if (answerPings)
                send(socket, protocol::Pong { ping->id });
        } else if (const auto* sync = std::get_if<protocol::SyncRequest>(&message)) {
            answerSync(socket, *sync);
        } else if (const auto* sendMessage = std::get_if<protocol::MessageSend>(&message)) {
            if (ackSends)
                acknowledge(socket, *sendMessage);
        }
    }

    void answerSync(QWebSocket* socket, const protocol::SyncRequest& request)
    {
        protocol::SyncReply reply { request.id, request.convId, {}, false,
            live.value(request.convId) };
        for (const auto& event : stored.value(request.convId)) {
            if (protocol::seqOf(event) <= request.afterSeq)
                continue;
            if (reply.events.size() == syncPageSize) {
                reply.hasMore = true;
                break;
            }
            reply.events.append(event);
        }
        send(socket, reply);
    }

    void acknowledge(QWebSocket* socket, const protocol::MessageSend& request)
    {
        for (const auto& event : stored.value(request.convId)) {
            const auto* m = std::get_if<protocol::MessageEvent>(&event);
            if (m && m->message.clientMsgId == request.clientMsgId) {
                send(socket,
                    protocol::Ack {
                        request.id, request.clientMsgId, m->message.msgId, m->seq, true });
                return;
            }
        }
        protocol::MessageEvent event;
        event.convId = request.convId;
        event.message.msgId = QStringLiteral("m-%1").arg(request.clientMsgId.left(8));
        event.message.clientMsgId = request.clientMsgId;
        event.message.author
            = { protocol::AuthorKind::User, QStringLiteral("u1"), QStringLiteral("Ada") };
        event.message.text = request.text;
        event.message.createdAt = QDateTime::currentDateTimeUtc();
        event.seq = store(request.convId, event);
        send(socket,
            protocol::Ack {
                request.id, request.clientMsgId, event.message.msgId, event.seq, false });
        send(socket, event);
    }

    QWebSocketServer m_server;
};

} // namespace palaver::test
