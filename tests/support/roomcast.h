#pragma once

#include "testserver.h"
#include "wstestclient.h"

#include <QStringList>
#include <memory>
#include <optional>

namespace palaver::testing {

/// A fresh uuid, e.g. for a clientMsgId.
QString newUuid();
/// The member entry of `userId` in `conversation` (nothing when not a member).
std::optional<protocol::Member> memberOf(
    const protocol::Conversation& conversation, const QString& userId);
/// The role of `userId` in `conversation` (nothing when not a member).
std::optional<protocol::MemberRole> roleOf(
    const protocol::Conversation& conversation, const QString& userId);
/// The user ids of the members, sorted (to compare member sets).
QStringList memberIds(const protocol::Conversation& conversation);
QStringList sorted(QStringList list);
/// A `conversation.create` of `kind` with `members` (and a title when not null).
protocol::ConversationCreate creating(const QString& id, protocol::ConversationKind kind,
    const QStringList& members, const QString& title = QString());

/// Everything `client` has received about `convId` so far (after a round trip), taken off its
/// queue: events, typing, read markers, conversation pushes and deletions.
QList<protocol::ServerMessage> pushesAbout(WsTestClient& client, const QString& convId);
/// The newest `conversation` push (no id) about `convId` that `client` received so far (after a
/// round trip); the others pushes of that type are taken off the queue too.
std::optional<protocol::Conversation> latestPush(WsTestClient& client, const QString& convId);

/// The people of the room and DM tests on a fresh server: alice (two connections), bob, carol and
/// dave (passwords NAME-pw); the room "Trip" (alice owner, bob, carol), the room "Books" (bob
/// owner, alice) and the DM alice–carol. dave shares nothing with anyone. A fixture, so its parts
/// are public.
class RoomCast
{
public:
    explicit RoomCast(TestServer::Options options = {});

    /// Starts the server, signs everyone in, creates the conversations and empties every queue;
    /// false (with a warning saying what failed) on failure.
    bool start();
    /// Empties every client's queue after a round trip, so nothing is still on its way.
    bool drainAll();
    QList<WsTestClient*> clients() const;
    /// Signs in one more connection of `name`; `user` receives who the server says that is.
    std::unique_ptr<WsTestClient> signIn(const QString& name, protocol::UserInfo* user = nullptr);

    /// `sender` says something in `convId`: each of `members` must get the `message` event
    /// exactly once, none of `others` anything about the conversation. Empty when so, otherwise
    /// what went wrong.
    QString fanOutProblem(WsTestClient& sender, const QString& convId,
        const QList<WsTestClient*>& members, const QList<WsTestClient*>& others);

    TestServer server;
    std::unique_ptr<WsTestClient> alice;
    std::unique_ptr<WsTestClient> aliceTwo;
    std::unique_ptr<WsTestClient> bob;
    std::unique_ptr<WsTestClient> carol;
    std::unique_ptr<WsTestClient> dave;
    protocol::UserInfo aliceUser;
    protocol::UserInfo bobUser;
    protocol::UserInfo carolUser;
    protocol::UserInfo daveUser;
    protocol::Conversation trip;
    protocol::Conversation books;
    protocol::Conversation dm;
};

} // namespace palaver::testing
