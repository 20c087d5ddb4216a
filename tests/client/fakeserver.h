#pragma once

// A tiny Palaver server for client tests: a QWebSocketServer on 127.0.0.1 port 0 that speaks
// palaver.v1, answers sign-in, ping and the conversation requests, and records what clients sent.
// With `ackSends` it also stores sent messages like a real server (dedup by clientMsgId, seq per
// conversation, ack then the message event) and answers `sync` from `stored` and `live`.
// Rooms: creates rooms and DMs with `knownUsers`, answers invite/remove/leave like the server
// (ok, then the updated `conversation` push), `read` and `presence.set` with ok, and `register`
// when `registrationOpen`. `conversationsPageSize` pages conversations.list.
// In SecureMode it speaks wss:// with the certificate given to setSslConfiguration().

#include "protocol/codec.h"

#include <QHash>
#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
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
    /// Other people who exist (user id "u-" + name), for rooms, DMs and invites.
    QStringList knownUsers
        = { QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("dave") };
    /// `register` is allowed (else `forbidden`), and these names are taken (`conflict`).
    bool registrationOpen = false;
    QStringList takenNames;
    /// conversations.list pages of at most this many (and at most the request's limit); the
    /// cursor is the convId the next page starts at. 0: everything in one reply.
    int conversationsPageSize = 0;

    static QString userIdOf(const QString& name)
    {
        return name == QStringLiteral("Ada") ? QStringLiteral("u1") : QStringLiteral("u-") + name;
    }
    static protocol::Member member(
        const QString& name, protocol::MemberRole role = protocol::MemberRole::Member)
    {
        protocol::Member m;
        m.id = userIdOf(name);
        m.name = name;
        m.role = role;
        m.presence = protocol::PresenceState::Online;
        return m;
    }
    int indexOf(const QString& convId) const
    {
        for (int i = 0; i < conversations.size(); ++i) {
            if (conversations.at(i).convId == convId)
                return int(i);
        }
        return -1;
    }

    explicit FakeServer(QWebSocketServer::SslMode mode = QWebSocketServer::NonSecureMode)
        : m_server(QStringLiteral("fake"), mode)
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

    bool listen(
        const QHostAddress& address = QHostAddress(QHostAddress::LocalHost), quint16 port = 0)
    {
        return m_server.listen(address, port);
    }
    void close() { m_server.close(); }
    /// The QWebSocketServer itself (TLS configuration, handshake timeout, handleConnection).
    QWebSocketServer& server() { return m_server; }
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
        w.server.registrationOpen = registrationOpen;
        w.user = { QStringLiteral("u1"), QStringLiteral("Ada") };
        if (withToken)
            w.token = token;
        w.models = { { QStringLiteral("m-other"), QStringLiteral("other"), false },
            { QStringLiteral("m-demo"), QStringLiteral("demo"), true } };
        return w;
    }

    /// The page of `conversations` that answers `list`.
    protocol::ConversationsReply conversationsPage(const protocol::ConversationsList& list) const
    {
        if (conversationsPageSize <= 0)
            return { list.id, conversations, false, {} };
        const int size = std::min(conversationsPageSize, list.limit.value_or(100));
        const int from = list.cursor ? std::max(0, indexOf(*list.cursor)) : 0;
        protocol::ConversationsReply page { list.id, conversations.mid(from, size), false, {} };
        if (from + size < conversations.size()) {
            page.hasMore = true;
            page.nextCursor = conversations.at(from + size).convId;
        }
        return page;
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
            send(socket, conversationsPage(*list));
        } else if (const auto* reg = std::get_if<protocol::Register>(&message)) {
            if (!registrationOpen)
                send(socket,
                    protocol::Error { reg->id, ErrorCode::Forbidden,
                        QStringLiteral("This server does not allow sign-up; ask its "
                                       "administrator for an account"),
                        {} });
            else if (takenNames.contains(reg->username))
                send(socket,
                    protocol::Error { reg->id, ErrorCode::Conflict,
                        QStringLiteral("The name '%1' is taken; choose another").arg(reg->username),
                        {} });
            else
                send(socket, welcome(reg->id, true));
        } else if (const auto* create = std::get_if<protocol::ConversationCreate>(&message);
                   create && create->kind != protocol::ConversationKind::Ai) {
            createRoom(socket, *create);
        } else if (const auto* invite = std::get_if<protocol::MemberInvite>(&message)) {
            const int at = indexOf(invite->convId);
            if (at < 0 || !knownUsers.contains(invite->username)) {
                send(socket, notFound(invite->id, invite->username));
                return;
            }
            if (!conversations.at(at).members.contains(member(invite->username)))
                conversations[at].members.append(member(invite->username));
            send(socket, protocol::Ok { invite->id });
            send(socket, protocol::ConversationReply { {}, conversations.at(at) });
        } else if (const auto* remove = std::get_if<protocol::MemberRemove>(&message)) {
            const int at = indexOf(remove->convId);
            if (at < 0) {
                send(socket, notFound(remove->id, remove->userId));
                return;
            }
            conversations[at].members.removeIf(
                [&](const protocol::Member& m) { return m.id == remove->userId; });
            send(socket, protocol::Ok { remove->id });
            send(socket, protocol::ConversationReply { {}, conversations.at(at) });
        } else if (const auto* leave = std::get_if<protocol::ConversationLeave>(&message)) {
            const int at = indexOf(leave->convId);
            if (at >= 0)
                conversations.removeAt(at);
            send(socket, protocol::Ok { leave->id });
        } else if (const auto* read = std::get_if<protocol::ReadRequest>(&message)) {
            if (!read->id.isEmpty())
                send(socket, protocol::Ok { read->id });
        } else if (const auto* presence = std::get_if<protocol::PresenceSet>(&message)) {
            if (!presence->id.isEmpty())
                send(socket, protocol::Ok { presence->id });
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

    static protocol::Error notFound(const QString& id, const QString& name)
    {
        return protocol::Error { id, protocol::ErrorCode::NotFound,
            QStringLiteral("No user %1").arg(name), {} };
    }

    void createRoom(QWebSocket* socket, const protocol::ConversationCreate& create)
    {
        for (const QString& name : create.members) {
            if (!knownUsers.contains(name)) {
                send(socket, notFound(create.id, name));
                return;
            }
        }
        const bool isDm = create.kind == protocol::ConversationKind::Dm;
        if (isDm) {
            // One DM per pair: the existing one is the answer.
            for (const auto& c : std::as_const(conversations)) {
                if (c.kind == protocol::ConversationKind::Dm
                    && c.members.contains(member(create.members.value(0)))) {
                    send(socket, protocol::ConversationReply { create.id, c });
                    return;
                }
            }
        }
        protocol::Conversation c;
        c.convId = QStringLiteral("r-new-%1").arg(conversations.size());
        c.kind = create.kind;
        c.title = isDm ? QString() : create.title.value_or(QStringLiteral("New room"));
        c.model = QStringLiteral("m-demo");
        c.updatedAt = QDateTime::currentDateTimeUtc();
        c.role = isDm ? protocol::MemberRole::Member : protocol::MemberRole::Owner;
        c.members = { member(QStringLiteral("Ada"), c.role) };
        for (const QString& name : create.members)
            c.members.append(member(name));
        conversations.append(c);
        send(socket, protocol::ConversationReply { create.id, c });
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
