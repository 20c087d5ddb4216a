#include "roomcast.h"

#include <QUuid>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

std::optional<Member> memberOf(const Conversation& conversation, const QString& userId)
{
    for (const Member& member : conversation.members) {
        if (member.id == userId)
            return member;
    }
    return std::nullopt;
}

std::optional<MemberRole> roleOf(const Conversation& conversation, const QString& userId)
{
    const auto member = memberOf(conversation, userId);
    return member ? std::optional(member->role) : std::nullopt;
}

QStringList memberIds(const Conversation& conversation)
{
    QStringList ids;
    for (const Member& member : conversation.members)
        ids.append(member.id);
    return sorted(ids);
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

ConversationCreate creating(
    const QString& id, ConversationKind kind, const QStringList& members, const QString& title)
{
    ConversationCreate create;
    create.id = id;
    create.kind = kind;
    create.members = members;
    if (!title.isNull())
        create.title = title;
    return create;
}

QList<ServerMessage> pushesAbout(WsTestClient& client, const QString& convId)
{
    if (!client.roundTrip())
        return { Error { {}, ErrorCode::Internal, u"no answer to the round trip"_s, {} } };
    QList<ServerMessage> about;
    for (qsizetype i = 0; i < client.queue().size();) {
        const QString id = std::visit(
            [](const auto& m) -> QString {
                if constexpr (requires { m.convId; })
                    return m.convId;
                else if constexpr (requires { m.conversation.convId; })
                    return m.conversation.convId;
                else
                    return QString();
            },
            client.queue().at(i));
        if (id == convId)
            about.append(client.queue().takeAt(i));
        else
            ++i;
    }
    return about;
}

std::optional<Conversation> latestPush(WsTestClient& client, const QString& convId)
{
    if (!client.roundTrip())
        return std::nullopt;
    std::optional<Conversation> latest;
    for (const ConversationReply& pushed : client.takeAll<ConversationReply>()) {
        if (pushed.id.isEmpty() && pushed.conversation.convId == convId)
            latest = pushed.conversation;
    }
    return latest;
}

RoomCast::RoomCast(TestServer::Options options)
    : server(std::move(options))
{ }

std::unique_ptr<WsTestClient> RoomCast::signIn(const QString& name, UserInfo* user)
{
    Welcome welcome;
    auto client = signedIn(server.url(), name, name + u"-pw"_s, &welcome);
    if (user)
        *user = welcome.user;
    return client;
}

bool RoomCast::start()
{
    if (!server.start()) {
        qWarning("The server did not start: %s", qPrintable(server.errorString()));
        return false;
    }
    for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }) {
        if (!server.addUser(name, name + u"-pw"_s)) {
            qWarning("No account %s: %s", qPrintable(name), qPrintable(server.errorString()));
            return false;
        }
    }
    alice = signIn(u"alice"_s, &aliceUser);
    aliceTwo = signIn(u"alice"_s);
    bob = signIn(u"bob"_s, &bobUser);
    carol = signIn(u"carol"_s, &carolUser);
    dave = signIn(u"dave"_s, &daveUser);
    if (!alice || !aliceTwo || !bob || !carol || !dave) {
        qWarning("Not everyone could sign in");
        return false;
    }
    const auto createdTrip = alice->createRoom(u"Trip"_s, { u"bob"_s, u"carol"_s });
    const auto createdBooks = bob->createRoom(u"Books"_s, { u"alice"_s });
    const auto createdDm = alice->createDm(u"carol"_s);
    if (!createdTrip || !createdBooks || !createdDm) {
        qWarning("The rooms or the DM could not be created");
        return false;
    }
    trip = *createdTrip;
    books = *createdBooks;
    dm = *createdDm;
    return drainAll();
}

bool RoomCast::drainAll()
{
    for (WsTestClient* client : clients()) {
        if (!client->roundTrip())
            return false;
        client->queue().clear();
    }
    return true;
}

QList<WsTestClient*> RoomCast::clients() const
{
    return { alice.get(), aliceTwo.get(), bob.get(), carol.get(), dave.get() };
}

QString RoomCast::fanOutProblem(WsTestClient& sender, const QString& convId,
    const QList<WsTestClient*>& members, const QList<WsTestClient*>& others)
{
    const QString text = u"fan-out %1"_s.arg(newUuid());
    const auto ack
        = sender.expect<Ack>(MessageSend { sender.nextId(u"send"_s), convId, newUuid(), text });
    if (!ack)
        return u"the message was not acknowledged"_s;
    for (WsTestClient* client : members) {
        if (!client->roundTrip())
            return u"a member's round trip was not answered"_s;
        const QList<MessageEvent> events = client->takeAll<MessageEvent>();
        if (events.size() != 1)
            return u"a member got %1 message events instead of 1"_s.arg(events.size());
        const MessageEvent& event = events.first();
        if (event.convId != convId || event.message.msgId != ack->msgId
            || event.message.text != text)
            return u"a member got another message: %1 in %2"_s.arg(event.message.text, convId);
    }
    for (WsTestClient* client : others) {
        const QList<ServerMessage> leaked = pushesAbout(*client, convId);
        if (!leaked.isEmpty())
            return u"someone outside heard: %1"_s.arg(describe(leaked));
    }
    return QString();
}

} // namespace palaver::testing
