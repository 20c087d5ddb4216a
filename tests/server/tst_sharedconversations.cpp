#include "roomcast.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// Rooms and direct messages between several people over the real hub: who receives what
/// (every member's connections, nobody else), creating, membership changes and their pushes
/// (conversation / conversation.deleted with reasons), and the owner's rights. Each test starts a
/// fresh RoomCast: alice (two connections), bob, carol, dave; "Trip" (alice's, with bob and carol),
/// "Books" (bob's, with alice), the DM alice–carol; dave shares nothing.
class TestSharedConversations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_cast = std::make_unique<RoomCast>();
        QVERIFY(m_cast->start());
    }

    void cleanup() { m_cast.reset(); }

    void createPushesToEveryMember()
    {
        QCOMPARE(m_cast->trip.kind, ConversationKind::Room);
        QCOMPARE(m_cast->trip.title, u"Trip"_s);
        QCOMPARE(m_cast->trip.role, MemberRole::Owner);

        m_cast->alice->send(
            creating(u"c"_s, ConversationKind::Room, { u"bob"_s, u"carol"_s }, u"Picnic"_s));
        const auto answer = m_cast->alice->waitForAnswer(u"c"_s);
        QVERIFY(answer);
        const auto* created = std::get_if<ConversationReply>(&*answer);
        QVERIFY2(created, qPrintable(describe(*answer)));
        const Conversation room = created->conversation;
        QCOMPARE(room.kind, ConversationKind::Room);
        QCOMPARE(room.title, u"Picnic"_s);
        QCOMPARE(room.role, MemberRole::Owner);
        QCOMPARE(room.lastSeq, 0);
        QCOMPARE(room.lastReadSeq, 0);
        QCOMPARE(room.unread, 0);
        QCOMPARE(memberIds(room),
            sorted({ m_cast->aliceUser.id, m_cast->bobUser.id, m_cast->carolUser.id }));
        QCOMPARE(roleOf(room, m_cast->aliceUser.id), std::optional(MemberRole::Owner));
        QCOMPARE(memberOf(room, m_cast->aliceUser.id).value_or(Member {}).name, u"alice"_s);
        QCOMPARE(roleOf(room, m_cast->bobUser.id), std::optional(MemberRole::Member));
        QCOMPARE(roleOf(room, m_cast->carolUser.id), std::optional(MemberRole::Member));
        for (const Member& member : room.members) {
            QCOMPARE(member.presence, PresenceState::Online); // everyone is connected
            QVERIFY(!member.lastSeen.isValid());
        }

        // Every member's connections hear about it, without an id, seen from that member.
        const QList<std::pair<WsTestClient*, MemberRole>> members {
            { m_cast->aliceTwo.get(), MemberRole::Owner },
            { m_cast->bob.get(), MemberRole::Member }, { m_cast->carol.get(), MemberRole::Member }
        };
        for (const auto& [client, role] : members) {
            const auto pushed = client->waitFor<ConversationReply>();
            QVERIFY(pushed);
            QVERIFY(pushed->id.isEmpty());
            QCOMPARE(pushed->conversation.convId, room.convId);
            QCOMPARE(pushed->conversation.title, u"Picnic"_s);
            QCOMPARE(pushed->conversation.role, role);
            QCOMPARE(pushed->conversation.unread, 0);
            QCOMPARE(memberIds(pushed->conversation), memberIds(room));
        }
        QVERIFY(pushesAbout(*m_cast->dave, room.convId).isEmpty());
        QVERIFY(!m_cast->dave->listed(room.convId));
        QVERIFY(m_cast->carol->listed(room.convId));

        // Without a title: "New room". Naming yourself is ignored.
        const auto untitled = m_cast->bob->createRoom(QString(), { u"bob"_s, u"alice"_s });
        QVERIFY(untitled);
        QCOMPARE(untitled->title, u"New room"_s);
        QCOMPARE(memberIds(*untitled), sorted({ m_cast->aliceUser.id, m_cast->bobUser.id }));
        QCOMPARE(roleOf(*untitled, m_cast->bobUser.id), std::optional(MemberRole::Owner));
    }

    void createRefusesUnknownOrDisabledUsers()
    {
        const qsizetype before = m_cast->alice->roundTrip()->items.size();
        const auto refused = m_cast->alice->expectError(
            creating(u"c"_s, ConversationKind::Room, { u"bob"_s, u"nobody"_s }, u"Ghosts"_s),
            ErrorCode::NotFound);
        QVERIFY(refused);
        QVERIFY2(refused->message.contains(u"nobody"_s), qPrintable(refused->message));
        // A disabled account is as unknown: for a room, an invitation and a DM.
        QVERIFY(m_cast->server.addUser(u"zed"_s, u"zed-pw"_s));
        QVERIFY(m_cast->server.setUserDisabled(u"zed"_s, true));
        QVERIFY(m_cast->alice->expectError(
            creating(u"c2"_s, ConversationKind::Room, { u"bob"_s, u"zed"_s }, u"Ghosts"_s),
            ErrorCode::NotFound));
        QVERIFY(m_cast->alice->expectError(
            MemberInvite { u"i"_s, m_cast->trip.convId, u"zed"_s }, ErrorCode::NotFound));
        QVERIFY(m_cast->alice->expectError(
            creating(u"c3"_s, ConversationKind::Dm, { u"zed"_s }), ErrorCode::NotFound));
        // Nothing was created or changed: not for alice, and bob heard nothing.
        QCOMPARE(m_cast->alice->roundTrip()->items.size(), before);
        const auto trip = m_cast->alice->listed(m_cast->trip.convId);
        QVERIFY(trip);
        QCOMPARE(memberIds(*trip), memberIds(m_cast->trip));
        QVERIFY(m_cast->bob->roundTrip());
        QVERIFY(m_cast->bob->takeAll<ConversationReply>().isEmpty());
    }

    void dmCreateIsIdempotent()
    {
        QCOMPARE(m_cast->dm.kind, ConversationKind::Dm);
        QVERIFY(m_cast->dm.title.isEmpty()); // clients show the other member's name
        QCOMPARE(m_cast->dm.role, MemberRole::Member); // nobody owns a DM
        QCOMPARE(memberIds(m_cast->dm), sorted({ m_cast->aliceUser.id, m_cast->carolUser.id }));
        for (const Member& member : m_cast->dm.members)
            QCOMPARE(member.role, MemberRole::Member);

        // Asked again, from either side: the same DM.
        const auto again = m_cast->alice->createDm(u"carol"_s);
        QVERIFY(again);
        QCOMPARE(again->convId, m_cast->dm.convId);
        const auto fromCarol = m_cast->carol->createDm(u"alice"_s);
        QVERIFY(fromCarol);
        QCOMPARE(fromCarol->convId, m_cast->dm.convId);
        int dms = 0;
        const auto list = m_cast->alice->roundTrip();
        QVERIFY(list);
        for (const Conversation& c : list->items)
            dms += c.kind == ConversationKind::Dm ? 1 : 0;
        QCOMPARE(dms, 1);

        // With yourself, nobody or two people: bad_request. An unknown name: not_found.
        const QList<QStringList> bad { { u"alice"_s }, {}, { u"bob"_s, u"carol"_s } };
        for (const QStringList& members : bad) {
            QVERIFY2(m_cast->alice->expectError(
                         creating(m_cast->alice->nextId(), ConversationKind::Dm, members),
                         ErrorCode::BadRequest),
                qPrintable(members.join(u',')));
        }
        QVERIFY(m_cast->alice->expectError(
            creating(u"x"_s, ConversationKind::Dm, { u"nobody"_s }), ErrorCode::NotFound));
    }

    void messagesReachMembersOnly()
    {
        WsTestClient* alice = m_cast->alice.get();
        WsTestClient* aliceTwo = m_cast->aliceTwo.get();
        WsTestClient* bob = m_cast->bob.get();
        WsTestClient* carol = m_cast->carol.get();
        WsTestClient* dave = m_cast->dave.get();
        QCOMPARE(m_cast->fanOutProblem(
                     *m_cast->bob, m_cast->trip.convId, { alice, aliceTwo, bob, carol }, { dave }),
            QString());
        QCOMPARE(m_cast->fanOutProblem(*m_cast->aliceTwo, m_cast->trip.convId,
                     { alice, aliceTwo, bob, carol }, { dave }),
            QString());
        QCOMPARE(m_cast->fanOutProblem(*m_cast->alice, m_cast->books.convId,
                     { alice, aliceTwo, bob }, { carol, dave }),
            QString());
        QCOMPARE(m_cast->fanOutProblem(
                     *m_cast->bob, m_cast->books.convId, { alice, aliceTwo, bob }, { carol, dave }),
            QString());
        QCOMPARE(m_cast->fanOutProblem(
                     *m_cast->carol, m_cast->dm.convId, { alice, aliceTwo, carol }, { bob, dave }),
            QString());
        QCOMPARE(m_cast->fanOutProblem(
                     *m_cast->alice, m_cast->dm.convId, { alice, aliceTwo, carol }, { bob, dave }),
            QString());
    }

    void ownerOnlyActions()
    {
        // bob is a member of Trip, not its owner.
        const QList<ClientMessage> ownerOnly {
            ConversationUpdate { u"u"_s, m_cast->trip.convId, u"Bob's trip"_s, {}, {} },
            MemberInvite { u"i"_s, m_cast->trip.convId, u"dave"_s },
            MemberRemove { u"r"_s, m_cast->trip.convId, m_cast->carolUser.id },
            ConversationDelete { u"d"_s, m_cast->trip.convId },
        };
        for (const ClientMessage& request : ownerOnly) {
            const auto refused = m_cast->bob->expectError(request, ErrorCode::Forbidden);
            QVERIFY2(refused, qPrintable(typeName(request)));
            QVERIFY2(refused->message.contains(u"owner"_s), qPrintable(refused->message));
        }
        // Nobody owns a DM.
        const QList<ClientMessage> notInDm {
            ConversationUpdate { u"u"_s, m_cast->dm.convId, u"Us"_s, {}, {} },
            MemberInvite { u"i"_s, m_cast->dm.convId, u"bob"_s },
            MemberRemove { u"r"_s, m_cast->dm.convId, m_cast->carolUser.id },
            ConversationDelete { u"d"_s, m_cast->dm.convId },
        };
        for (const ClientMessage& request : notInDm)
            QVERIFY2(m_cast->alice->expectError(request, ErrorCode::Forbidden),
                qPrintable(typeName(request)));
        // A private AI chat has no members.
        const auto ai = m_cast->alice->createConversation(u"Mine"_s);
        QVERIFY(ai);
        QVERIFY(ai->members.isEmpty());
        const QList<ClientMessage> notInAi {
            MemberInvite { u"i"_s, ai->convId, u"bob"_s },
            MemberRemove { u"r"_s, ai->convId, m_cast->bobUser.id },
            ConversationLeave { u"l"_s, ai->convId },
        };
        for (const ClientMessage& request : notInAi) {
            QVERIFY2(m_cast->alice->expectError(request, ErrorCode::BadRequest),
                qPrintable(typeName(request)));
        }

        // Nothing changed, and dave was never let in.
        const auto trip = m_cast->alice->listed(m_cast->trip.convId);
        QVERIFY(trip);
        QCOMPARE(trip->title, u"Trip"_s);
        QCOMPARE(memberIds(*trip), memberIds(m_cast->trip));
        QVERIFY(m_cast->alice->listed(m_cast->dm.convId));
        QVERIFY(m_cast->alice->listed(ai->convId));
        QVERIFY(!m_cast->dave->listed(m_cast->trip.convId));
    }

    void renamePushesToMembers()
    {
        const auto renamed = m_cast->alice->expect<ConversationReply>(
            ConversationUpdate { u"u"_s, m_cast->trip.convId, u"Trip 2026"_s, {}, {} });
        QVERIFY(renamed);
        QCOMPARE(renamed->conversation.title, u"Trip 2026"_s);
        for (WsTestClient* client :
            { m_cast->aliceTwo.get(), m_cast->bob.get(), m_cast->carol.get() }) {
            const auto pushed = client->waitFor<ConversationReply>();
            QVERIFY(pushed);
            QVERIFY(pushed->id.isEmpty());
            QCOMPARE(pushed->conversation.convId, m_cast->trip.convId);
            QCOMPARE(pushed->conversation.title, u"Trip 2026"_s);
        }
        const auto bobSees = m_cast->bob->listed(m_cast->trip.convId);
        QVERIFY(bobSees);
        QCOMPARE(bobSees->role, MemberRole::Member);
        QVERIFY(pushesAbout(*m_cast->dave, m_cast->trip.convId).isEmpty());
    }

    void inviteAndRemove()
    {
        QVERIFY(m_cast->alice->expectError(
            MemberInvite { u"i0"_s, m_cast->trip.convId, u"nobody"_s }, ErrorCode::NotFound));

        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i"_s, m_cast->trip.convId, u"dave"_s }));
        // dave sees it appear, seen from him: a member with no backlog unread.
        const auto joined = m_cast->dave->waitFor<ConversationReply>();
        QVERIFY(joined);
        QVERIFY(joined->id.isEmpty());
        QCOMPARE(joined->conversation.convId, m_cast->trip.convId);
        QCOMPARE(joined->conversation.role, MemberRole::Member);
        QCOMPARE(joined->conversation.unread, 0);
        QCOMPARE(
            roleOf(joined->conversation, m_cast->daveUser.id), std::optional(MemberRole::Member));
        // Everyone else gets the new member list.
        for (WsTestClient* client :
            { m_cast->aliceTwo.get(), m_cast->bob.get(), m_cast->carol.get() }) {
            const auto pushed = client->waitFor<ConversationReply>();
            QVERIFY(pushed);
            QCOMPARE(pushed->conversation.convId, m_cast->trip.convId);
            QVERIFY(memberOf(pushed->conversation, m_cast->daveUser.id));
        }
        // Now dave hears the room's messages.
        QCOMPARE(m_cast->fanOutProblem(*m_cast->bob, m_cast->trip.convId,
                     { m_cast->alice.get(), m_cast->aliceTwo.get(), m_cast->bob.get(),
                         m_cast->carol.get(), m_cast->dave.get() },
                     {}),
            QString());

        // Inviting a member again changes nothing.
        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i2"_s, m_cast->trip.convId, u"bob"_s }));
        const auto unchanged = m_cast->alice->listed(m_cast->trip.convId);
        QVERIFY(unchanged);
        QCOMPARE(unchanged->members.size(), 4);

        // Remove: not yourself, not a stranger; dave is out with reason "removed".
        QVERIFY(m_cast->alice->expectError(
            MemberRemove { u"r0"_s, m_cast->trip.convId, m_cast->aliceUser.id },
            ErrorCode::BadRequest));
        QVERIFY(m_cast->alice->expectError(
            MemberRemove { u"r1"_s, m_cast->books.convId, m_cast->carolUser.id },
            ErrorCode::Forbidden));
        QVERIFY(m_cast->drainAll());
        QVERIFY(m_cast->alice->expect<Ok>(
            MemberRemove { u"r"_s, m_cast->trip.convId, m_cast->daveUser.id }));
        const auto removed = m_cast->dave->waitFor<ConversationDeleted>();
        QVERIFY(removed);
        QCOMPARE(removed->convId, m_cast->trip.convId);
        QCOMPARE(removed->reason, RemovalReason::Removed);
        for (WsTestClient* client :
            { m_cast->aliceTwo.get(), m_cast->bob.get(), m_cast->carol.get() }) {
            const auto pushed = client->waitFor<ConversationReply>();
            QVERIFY(pushed);
            QCOMPARE(memberIds(pushed->conversation), memberIds(m_cast->trip));
            QVERIFY(client->takeAll<ConversationDeleted>().isEmpty());
        }
        QVERIFY(m_cast->alice->expectError(
            MemberRemove { u"r2"_s, m_cast->trip.convId, m_cast->daveUser.id },
            ErrorCode::NotFound));
        QVERIFY(m_cast->dave->expectError(
            HistoryRequest { u"h"_s, m_cast->trip.convId, {}, 50 }, ErrorCode::NotFound));
        QVERIFY(!m_cast->dave->listed(m_cast->trip.convId));
        QCOMPARE(m_cast->fanOutProblem(*m_cast->bob, m_cast->trip.convId,
                     { m_cast->alice.get(), m_cast->aliceTwo.get(), m_cast->bob.get(),
                         m_cast->carol.get() },
                     { m_cast->dave.get() }),
            QString());
    }

    void leavePassesOwnershipAndLastOneOutDeletes()
    {
        // bob joins first, carol later: bob is the longest-standing member after alice.
        const auto temp = m_cast->alice->createRoom(u"Temp"_s, { u"bob"_s });
        QVERIFY(temp);
        QVERIFY(m_cast->alice->expect<Ok>(MemberInvite { u"i"_s, temp->convId, u"carol"_s }));
        QCOMPARE(m_cast->fanOutProblem(*m_cast->carol, temp->convId,
                     { m_cast->alice.get(), m_cast->aliceTwo.get(), m_cast->bob.get(),
                         m_cast->carol.get() },
                     { m_cast->dave.get() }),
            QString());
        QVERIFY(m_cast->drainAll());

        QVERIFY(m_cast->alice->expect<Ok>(ConversationLeave { u"l"_s, temp->convId }));
        const auto left = m_cast->aliceTwo->waitFor<ConversationDeleted>();
        QVERIFY(left);
        QCOMPARE(left->convId, temp->convId);
        QCOMPARE(left->reason, RemovalReason::Left);
        const auto bobSees = latestPush(*m_cast->bob, temp->convId);
        QVERIFY(bobSees);
        QCOMPARE(bobSees->role, MemberRole::Owner);
        QCOMPARE(memberIds(*bobSees), sorted({ m_cast->bobUser.id, m_cast->carolUser.id }));
        QCOMPARE(roleOf(*bobSees, m_cast->bobUser.id), std::optional(MemberRole::Owner));
        const auto carolSees = latestPush(*m_cast->carol, temp->convId);
        QVERIFY(carolSees);
        QCOMPARE(carolSees->role, MemberRole::Member);
        QCOMPARE(roleOf(*carolSees, m_cast->bobUser.id), std::optional(MemberRole::Owner));
        QVERIFY(!m_cast->alice->listed(temp->convId));
        QVERIFY(m_cast->alice->expectError(
            HistoryRequest { u"h"_s, temp->convId, {}, 50 }, ErrorCode::NotFound));
        QCOMPARE(m_cast->fanOutProblem(*m_cast->bob, temp->convId,
                     { m_cast->bob.get(), m_cast->carol.get() },
                     { m_cast->alice.get(), m_cast->aliceTwo.get(), m_cast->dave.get() }),
            QString());

        // The new owner has the owner's rights; carol still has not.
        QVERIFY(m_cast->carol->expectError(
            ConversationUpdate { u"u"_s, temp->convId, u"Carol's"_s, {}, {} },
            ErrorCode::Forbidden));
        QVERIFY(m_cast->bob->expect<ConversationReply>(
            ConversationUpdate { u"u"_s, temp->convId, u"Bob's"_s, {}, {} }));
        QVERIFY(m_cast->drainAll());

        QVERIFY(m_cast->bob->expect<Ok>(ConversationLeave { u"l"_s, temp->convId }));
        const auto carolOwns = latestPush(*m_cast->carol, temp->convId);
        QVERIFY(carolOwns);
        QCOMPARE(carolOwns->role, MemberRole::Owner);
        QCOMPARE(memberIds(*carolOwns), QStringList { m_cast->carolUser.id });

        // The last one out: the conversation is gone with everything in it.
        QVERIFY(m_cast->carol->expect<Ok>(ConversationLeave { u"l"_s, temp->convId }));
        QVERIFY(m_cast->carol->expectError(
            HistoryRequest { u"h"_s, temp->convId, {}, 50 }, ErrorCode::NotFound));
        QVERIFY(!m_cast->carol->listed(temp->convId));
        QVERIFY(m_cast->alice->expectError(
            MemberInvite { u"i"_s, temp->convId, u"alice"_s }, ErrorCode::NotFound));

        // Leaving a DM is allowed; afterwards a new DM is a new conversation.
        QVERIFY(m_cast->carol->expect<Ok>(ConversationLeave { u"l2"_s, m_cast->dm.convId }));
        const auto aliceAlone = latestPush(*m_cast->alice, m_cast->dm.convId);
        QVERIFY(aliceAlone);
        QCOMPARE(memberIds(*aliceAlone), QStringList { m_cast->aliceUser.id });
        const auto fresh = m_cast->carol->createDm(u"alice"_s);
        QVERIFY(fresh);
        QVERIFY(fresh->convId != m_cast->dm.convId);
    }

    void deleteReachesEveryMember()
    {
        QVERIFY(m_cast->alice->expect<Ok>(ConversationDelete { u"d"_s, m_cast->trip.convId }));
        for (WsTestClient* client :
            { m_cast->aliceTwo.get(), m_cast->bob.get(), m_cast->carol.get() }) {
            const auto deleted = client->waitFor<ConversationDeleted>();
            QVERIFY(deleted);
            QCOMPARE(deleted->convId, m_cast->trip.convId);
            QCOMPARE(deleted->reason, RemovalReason::Deleted);
        }
        QVERIFY(m_cast->alice->roundTrip());
        QVERIFY(m_cast->alice->takeAll<ConversationDeleted>().isEmpty()); // it got `ok`
        QVERIFY(pushesAbout(*m_cast->dave, m_cast->trip.convId).isEmpty());
        QVERIFY(m_cast->bob->expectError(
            HistoryRequest { u"h"_s, m_cast->trip.convId, {}, 50 }, ErrorCode::NotFound));
        QVERIFY(!m_cast->carol->listed(m_cast->trip.convId));
    }

private:
    std::unique_ptr<RoomCast> m_cast;
};

QTEST_GUILESS_MAIN(TestSharedConversations)
#include "tst_sharedconversations.moc"
