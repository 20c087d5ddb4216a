#include "chat/membership.h"
#include "store/chatstore.h"
#include "store/memberstore.h"
#include "store/userstore.h"
#include "storefixture.h"

#include <QTest>
#include <QTimeZone>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
QStringList idsOf(const QList<Member>& members)
{
    QStringList ids;
    for (const Member& m : members)
        ids.append(m.id);
    return ids;
}
} // namespace

/// Rooms and DMs in the store (members table, roles, seniority, read markers, unread counts,
/// DM lookup, co-members, last seen, removing an account) and the Membership cache over it.
class TestMembership : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<testing::StoreFixture>();
        QVERIFY2(m_store->open({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }),
            qPrintable(m_store->errorString()));
        m_users = &m_store->users();
        m_chats = &m_store->chats();
        m_ids = m_store->ids();
    }

    void cleanup() { m_store.reset(); }

    void roomHasOwnerAndMembersInSeniorityOrder()
    {
        const auto room = createRoom(u"Trip"_s, { id(u"bob"_s), id(u"carol"_s) });
        QVERIFY(room);
        QCOMPARE(room->kind, ConversationKind::Room);
        QCOMPARE(room->role, MemberRole::Owner);
        QCOMPARE(
            idsOf(room->members), (QStringList { id(u"alice"_s), id(u"bob"_s), id(u"carol"_s) }));
        QCOMPARE(room->members.at(0).role, MemberRole::Owner);
        QCOMPARE(room->members.at(0).name, u"alice"_s);
        QCOMPARE(room->members.at(1).role, MemberRole::Member);

        const auto bobsView = m_chats->conversation(room->convId, id(u"bob"_s));
        QVERIFY(bobsView);
        QCOMPARE(bobsView->role, MemberRole::Member);
        QCOMPARE(bobsView->members.size(), 3);
        QCOMPARE(m_chats->conversations(id(u"bob"_s)).size(), 1);
        QCOMPARE(m_chats->conversations(id(u"bob"_s)).first().members, bobsView->members);

        // Someone who is not in it does not get it, in a list or alone.
        QVERIFY(!m_chats->conversation(room->convId, id(u"dave"_s)));
        QVERIFY(m_chats->conversations(id(u"dave"_s)).isEmpty());

        // A private AI chat lists no members, and only its owner has it.
        const auto ai = m_chats->createConversation(id(u"dave"_s), u"Mine"_s, u"demo"_s, QString());
        QVERIFY(ai);
        QCOMPARE(ai->role, MemberRole::Owner);
        QVERIFY(ai->members.isEmpty());
        QCOMPARE(m_chats->conversations(id(u"dave"_s)).size(), 1);
        QVERIFY(m_chats->conversations(id(u"dave"_s)).first().members.isEmpty());
        QCOMPARE(m_chats->conversations(id(u"alice"_s)).size(), 1);
    }

    void leavingPassesOwnershipAndTheLastOneOutDeletes()
    {
        const auto room = createRoom(u"Trip"_s, { id(u"bob"_s), id(u"carol"_s) });
        QVERIFY(room);
        QVERIFY(m_chats->addUserMessage(room->convId,
            Author { AuthorKind::User, id(u"bob"_s), u"bob"_s }, u"c1"_s, u"hello"_s));

        auto outcome = m_chats->leaveConversation(room->convId, id(u"alice"_s));
        QVERIFY(outcome);
        QCOMPARE(outcome->remaining, 2);
        QCOMPARE(outcome->newOwnerId, id(u"bob"_s)); // the longest-standing member
        QCOMPARE(m_chats->conversation(room->convId, id(u"bob"_s))->role, MemberRole::Owner);
        QVERIFY(!m_chats->conversation(room->convId, id(u"alice"_s)));

        // A member who does not own it leaves without passing anything on.
        QVERIFY(m_chats->members().join(room->convId, id(u"dave"_s), MemberRole::Member));
        outcome = m_chats->leaveConversation(room->convId, id(u"carol"_s));
        QVERIFY(outcome);
        QCOMPARE(outcome->remaining, 2);
        QVERIFY(outcome->newOwnerId.isEmpty());
        QCOMPARE(m_chats->conversation(room->convId, id(u"bob"_s))->role, MemberRole::Owner);

        outcome = m_chats->leaveConversation(room->convId, id(u"bob"_s));
        QVERIFY(outcome);
        QCOMPARE(outcome->newOwnerId, id(u"dave"_s));
        outcome = m_chats->leaveConversation(room->convId, id(u"dave"_s));
        QVERIFY(outcome);
        QCOMPARE(outcome->remaining, 0);
        QVERIFY(!m_chats->conversationById(room->convId));
        QVERIFY(m_chats->eventsAfter(room->convId, 0, 100).events.isEmpty());
        QVERIFY(!m_chats->members().roster(room->convId));
        // Not a member (any more): nothing to leave.
        QVERIFY(!m_chats->leaveConversation(room->convId, id(u"dave"_s)));
    }

    void directMessageHasNoOwnerAndIsFoundByItsPair()
    {
        const auto dm
            = m_chats->createConversation(NewConversation { ConversationKind::Dm, id(u"alice"_s),
                MemberRole::Member, { id(u"carol"_s) }, QString(), u"demo"_s, QString() });
        QVERIFY(dm);
        QCOMPARE(dm->role, MemberRole::Member);
        QVERIFY(dm->title.isEmpty());
        for (const Member& m : dm->members)
            QCOMPARE(m.role, MemberRole::Member);
        MemberStore& members = m_chats->members();
        QCOMPARE(members.findDm(id(u"alice"_s), id(u"carol"_s)), dm->convId);
        QCOMPARE(members.findDm(id(u"carol"_s), id(u"alice"_s)), dm->convId);
        QVERIFY(members.findDm(id(u"alice"_s), id(u"bob"_s)).isEmpty());
        // A room of the same two is not their DM.
        QVERIFY(createRoom(u"Two"_s, { id(u"bob"_s) }));
        QVERIFY(members.findDm(id(u"alice"_s), id(u"bob"_s)).isEmpty());

        const auto outcome = m_chats->leaveConversation(dm->convId, id(u"alice"_s));
        QVERIFY(outcome);
        QCOMPARE(outcome->remaining, 1);
        QVERIFY(outcome->newOwnerId.isEmpty()); // nobody owns a DM, not even the one left
        QCOMPARE(m_chats->conversation(dm->convId, id(u"carol"_s))->role, MemberRole::Member);
        QVERIFY(members.findDm(id(u"alice"_s), id(u"carol"_s)).isEmpty());
    }

    void unreadCountsAndMarkersThatOnlyMoveForward()
    {
        const auto room = createRoom(u"Trip"_s, { id(u"bob"_s) });
        QVERIFY(room);
        const QString conv = room->convId;
        const Author alice { AuthorKind::User, id(u"alice"_s), u"alice"_s };
        const Author bob { AuthorKind::User, id(u"bob"_s), u"bob"_s };
        QVERIFY(m_chats->addUserMessage(conv, alice, u"a1"_s, u"one"_s)); // seq 1
        QVERIFY(m_chats->addUserMessage(conv, alice, u"a2"_s, u"two"_s)); // seq 2
        QVERIFY(m_chats->addUserMessage(conv, bob, u"b1"_s, u"three"_s)); // seq 3
        const auto start = m_chats->startGeneration(
            conv, Author { AuthorKind::Assistant, u"demo"_s, u"Demo"_s }, u"demo"_s); // seq 4
        QVERIFY(start);
        QVERIFY(m_chats->endGeneration(
            start->genId, FinishReason::Stop, u"reply"_s, 1, std::nullopt, std::nullopt)); // 5

        // Messages by others, the assistant's reply included (one row, at its start's seq).
        MemberStore& members = m_chats->members();
        QCOMPARE(members.unread(conv, id(u"bob"_s), 0), 3);
        QCOMPARE(members.unread(conv, id(u"alice"_s), 0), 2);
        QCOMPARE(members.unreadCounts(id(u"bob"_s), { conv }).value(conv), 3);
        QCOMPARE(m_chats->conversations(id(u"bob"_s)).first().unread, 3);
        QCOMPARE(m_chats->conversation(conv, id(u"alice"_s))->unread, 2);

        QCOMPARE(members.advanceRead(conv, id(u"bob"_s), 2), 2);
        QCOMPARE(members.unread(conv, id(u"bob"_s), 2), 1);
        QCOMPARE(m_chats->conversation(conv, id(u"bob"_s))->lastReadSeq, 2);
        QCOMPARE(m_chats->conversation(conv, id(u"bob"_s))->unread, 1);
        QVERIFY(!members.advanceRead(conv, id(u"bob"_s), 1)); // never back
        QVERIFY(!members.advanceRead(conv, id(u"bob"_s), 2)); // nothing moved
        QCOMPARE(members.advanceRead(conv, id(u"bob"_s), 1000), 5); // not past the end
        QVERIFY(!members.advanceRead(conv, id(u"bob"_s), 1000));
        QCOMPARE(m_chats->conversation(conv, id(u"bob"_s))->unread, 0);
        QVERIFY(!members.advanceRead(conv, id(u"dave"_s), 3)); // not a member

        // Someone who joins now does not start with the backlog unread.
        QVERIFY(members.join(conv, id(u"carol"_s), MemberRole::Member));
        QVERIFY(!members.join(conv, id(u"carol"_s), MemberRole::Member)); // already in
        const auto carols = m_chats->conversation(conv, id(u"carol"_s));
        QVERIFY(carols);
        QCOMPARE(carols->lastReadSeq, 5);
        QCOMPARE(carols->unread, 0);
        QCOMPARE(carols->role, MemberRole::Member);
    }

    void coMembersAndLastSeen()
    {
        QVERIFY(createRoom(u"Trip"_s, { id(u"bob"_s) }));
        QVERIFY(m_chats->createConversation(NewConversation { ConversationKind::Dm, id(u"alice"_s),
            MemberRole::Member, { id(u"carol"_s) }, QString(), u"demo"_s, QString() }));
        QVERIFY(m_chats->createConversation(id(u"alice"_s), u"AI"_s, u"demo"_s, QString()));
        MemberStore& members = m_chats->members();
        QStringList alices = members.coMembers(id(u"alice"_s));
        alices.sort();
        QStringList expected { id(u"bob"_s), id(u"carol"_s) };
        expected.sort();
        QCOMPARE(alices, expected);
        QCOMPARE(members.coMembers(id(u"bob"_s)), QStringList { id(u"alice"_s) });
        QVERIFY(members.coMembers(id(u"dave"_s)).isEmpty());

        const QDateTime when = QDateTime::fromMSecsSinceEpoch(1700000000123, QTimeZone::utc());
        QVERIFY(members.setLastSeen(id(u"bob"_s), when));
        const auto room = m_chats->conversations(id(u"alice"_s));
        bool found = false;
        for (const Conversation& c : room) {
            for (const Member& m : c.members) {
                if (m.id == id(u"bob"_s)) {
                    QCOMPARE(m.lastSeen, when);
                    found = true;
                } else {
                    QVERIFY(!m.lastSeen.isValid()); // never seen
                }
            }
        }
        QVERIFY(found);
    }

    void removingAnAccountLeavesItsConversations()
    {
        const auto room = createRoom(u"Trip"_s, { id(u"bob"_s) });
        QVERIFY(room);
        const auto ai = m_chats->createConversation(id(u"alice"_s), u"AI"_s, u"demo"_s, QString());
        QVERIFY(ai);
        QVERIFY(m_chats->addUserMessage(ai->convId,
            Author { AuthorKind::User, id(u"alice"_s), u"alice"_s }, u"x"_s, u"private"_s));
        QString error;
        QVERIFY2(m_users->removeUser(u"alice"_s, &error), qPrintable(error));
        QVERIFY(!m_chats->conversationById(ai->convId));
        QVERIFY(m_chats->eventsAfter(ai->convId, 0, 10).events.isEmpty());
        const auto bobs = m_chats->conversation(room->convId, id(u"bob"_s));
        QVERIFY(bobs);
        QCOMPARE(bobs->role, MemberRole::Owner);
        QCOMPARE(idsOf(bobs->members), QStringList { id(u"bob"_s) });
    }

    void cacheServesWithoutTheStoreUntilForgotten()
    {
        const auto room = createRoom(u"Trip"_s, { id(u"bob"_s), id(u"carol"_s) });
        QVERIFY(room);
        Membership membership(m_chats->members());
        QCOMPARE(membership.userIds(room->convId),
            (QStringList { id(u"alice"_s), id(u"bob"_s), id(u"carol"_s) }));
        QCOMPARE(membership.role(room->convId, id(u"alice"_s)), MemberRole::Owner);
        QCOMPARE(membership.role(room->convId, id(u"bob"_s)), MemberRole::Member);
        QVERIFY(!membership.isMember(room->convId, id(u"dave"_s)));
        QCOMPARE(membership.others(room->convId, id(u"bob"_s)),
            (QStringList { id(u"alice"_s), id(u"carol"_s) }));
        QCOMPARE(membership.find(room->convId)->kind, ConversationKind::Room);

        // Made-up ids are answered but not remembered.
        QVERIFY(!membership.find(u"no-such-conversation"_s));
        QVERIFY(membership.userIds(u"no-such-conversation"_s).isEmpty());
        QCOMPARE(membership.cachedCount(), 1);

        // Changed behind its back, it still answers from memory: no query per lookup.
        QVERIFY(m_chats->members().remove(room->convId, id(u"carol"_s)));
        QVERIFY(membership.isMember(room->convId, id(u"carol"_s)));
        membership.forget(room->convId);
        QVERIFY(!membership.isMember(room->convId, id(u"carol"_s)));
        QCOMPARE(membership.userIds(room->convId).size(), 2);

        QVERIFY(m_chats->deleteConversation(room->convId));
        membership.forget(room->convId);
        QVERIFY(!membership.find(room->convId));
        QVERIFY(!membership.isMember(room->convId, id(u"alice"_s)));
    }

private:
    QString id(const QString& name) const { return m_ids.value(name); }

    std::optional<Conversation> createRoom(const QString& title, const QStringList& others)
    {
        return m_chats->createConversation(NewConversation { ConversationKind::Room, id(u"alice"_s),
            MemberRole::Owner, others, title, u"demo"_s, QString() });
    }

    std::unique_ptr<testing::StoreFixture> m_store;
    UserStore* m_users = nullptr;
    ChatStore* m_chats = nullptr;
    QHash<QString, QString> m_ids;
};

QTEST_GUILESS_MAIN(TestMembership)
#include "tst_membership.moc"
