#include "chat/membership.h"
#include "chat/roomrules.h"
#include "storefixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// RoomRules and the store under it, without sockets: who added whom (members.invited_by), the
/// counts the caps compare against, the leave blocks and their expiry on a clock the test
/// moves, and conversation pages in id order.
class TestRoomRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<testing::StoreFixture>();
        QVERIFY2(m_store->open({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }),
            qPrintable(m_store->errorString()));
        m_membership = std::make_unique<Membership>(m_store->chats().members());
        m_limits = RoomLimits {};
        m_limits.leaveBlockHours = 2;
        m_rules = std::make_unique<RoomRules>(m_limits, m_store->chats(), *m_membership);
        m_now = 1'000'000'000'000;
        m_rules->setClock([this] { return m_now; });
    }

    void cleanup()
    {
        m_rules.reset();
        m_membership.reset();
        m_store.reset();
    }

    void membersRememberWhoAddedThem()
    {
        const QString room = createRoom(u"alice"_s, { u"bob"_s });
        MemberStore& members = m_store->chats().members();
        QCOMPARE(members.inviter(room, id(u"bob"_s)), id(u"alice"_s));
        QCOMPARE(members.inviter(room, id(u"alice"_s)), QString()); // she made it
        QVERIFY(members.join(room, id(u"carol"_s), MemberRole::Member, id(u"alice"_s)));
        QCOMPARE(members.inviter(room, id(u"carol"_s)), id(u"alice"_s));
        QCOMPARE(members.inviter(room, id(u"dave"_s)), QString()); // not in it
    }

    void countsByKind()
    {
        ChatStore& chats = m_store->chats();
        QVERIFY(chats.createConversation(id(u"alice"_s), u"Mine"_s, u"demo"_s, QString()));
        createRoom(u"alice"_s, { u"bob"_s });
        createRoom(u"bob"_s, { u"alice"_s, u"carol"_s });
        QVERIFY(chats.createConversation(NewConversation { ConversationKind::Dm, id(u"alice"_s),
            MemberRole::Member, { id(u"dave"_s) }, QString(), u"demo"_s, QString() }));

        const MemberCounts alice = chats.members().counts(id(u"alice"_s));
        QCOMPARE(alice.aiChats, 1);
        QCOMPARE(alice.rooms, 2);
        QCOMPARE(alice.dms, 1);
        QCOMPARE(alice.ownedRooms, 1);
        QCOMPARE(alice.roomsAndDms(), 3);
        const QHash<QString, int> counts = chats.members().roomAndDmCounts(
            { id(u"alice"_s), id(u"bob"_s), id(u"carol"_s), id(u"dave"_s), u"nobody"_s });
        QCOMPARE(counts.value(id(u"alice"_s)), 3);
        QCOMPARE(counts.value(id(u"bob"_s)), 2);
        QCOMPARE(counts.value(id(u"carol"_s)), 1);
        QCOMPARE(counts.value(id(u"dave"_s)), 1);
        QVERIFY(!counts.contains(u"nobody"_s));
        QVERIFY(chats.members().roomAndDmCounts({}).isEmpty());
    }

    void leaveBlockExpires()
    {
        const QString room = createRoom(u"alice"_s, { u"bob"_s, u"carol"_s });
        const QString other = createRoom(u"alice"_s, { u"carol"_s });
        QVERIFY(m_store->chats().leaveConversation(room, id(u"bob"_s), m_rules->leaveBlock()));
        m_membership->forget(room);
        const RoomRules::Person bob { id(u"bob"_s), u"bob"_s };
        const qint64 until = m_now + 2 * 3600 * 1000;

        // alice, who had added him: neither back, nor elsewhere, nor in a new conversation.
        m_now = until - 1;
        const auto back = m_rules->refuseInvite(id(u"alice"_s), room, bob);
        QVERIFY(back);
        QCOMPARE(back->code, ErrorCode::Forbidden);
        QCOMPARE(back->message,
            u"bob left a conversation you had added them to; you cannot add them to one again "
            "until 2001-09-09 03:46 UTC"_s);
        QVERIFY(m_rules->refuseInvite(id(u"alice"_s), other, bob));
        QVERIFY(m_rules->refuseCreate(id(u"alice"_s), ConversationKind::Room, { bob }));
        QVERIFY(m_rules->refuseCreate(id(u"alice"_s), ConversationKind::Dm, { bob }));
        // carol: not back into that room, anywhere else she likes.
        const auto byCarol = m_rules->refuseInvite(id(u"carol"_s), room, bob);
        QVERIFY(byCarol);
        QCOMPARE(byCarol->message,
            u"bob left this room; nobody can add them back to it until 2001-09-09 03:46 UTC"_s);
        QVERIFY(!m_rules->refuseInvite(id(u"carol"_s), other, bob));
        QVERIFY(!m_rules->refuseCreate(id(u"carol"_s), ConversationKind::Room, { bob }));

        // Then it is over.
        m_now = until;
        QVERIFY(!m_rules->refuseInvite(id(u"alice"_s), room, bob));
        QVERIFY(!m_rules->refuseCreate(id(u"alice"_s), ConversationKind::Dm, { bob }));
    }

    void removalAndSwitchedOffDoNotBlock()
    {
        const QString room = createRoom(u"alice"_s, { u"bob"_s, u"carol"_s });
        QVERIFY(m_store->chats().members().remove(room, id(u"bob"_s)));
        m_membership->forget(room);
        QVERIFY(!m_rules->refuseInvite(id(u"alice"_s), room, { id(u"bob"_s), u"bob"_s }));

        m_limits.leaveBlockHours = 0;
        RoomRules unblocking(m_limits, m_store->chats(), *m_membership);
        QCOMPARE(unblocking.leaveBlock().untilMs, 0);
        QVERIFY(m_store->chats().leaveConversation(room, id(u"carol"_s), unblocking.leaveBlock()));
        m_membership->forget(room);
        QVERIFY(!m_rules->refuseInvite(id(u"alice"_s), room, { id(u"carol"_s), u"carol"_s }));
    }

    void blockOutlivesTheConversationAndGoesWithTheAccount()
    {
        // The last one out deletes the room; the block against its inviter stays.
        const QString room = createRoom(u"alice"_s, { u"bob"_s });
        QVERIFY(m_store->chats().leaveConversation(room, id(u"alice"_s), m_rules->leaveBlock()));
        QVERIFY(m_store->chats().leaveConversation(room, id(u"bob"_s), m_rules->leaveBlock()));
        QVERIFY(!m_store->chats().conversationById(room));
        QVERIFY(m_rules->refuseCreate(
            id(u"alice"_s), ConversationKind::Room, { { id(u"bob"_s), u"bob"_s } }));
        QCOMPARE(rows(u"leave_blocks"_s), 2);

        // Expired ones are dropped when the next is recorded.
        m_now += 3 * 3600 * 1000;
        const QString next = createRoom(u"carol"_s, { u"dave"_s });
        QVERIFY(m_store->chats().leaveConversation(next, id(u"dave"_s), m_rules->leaveBlock()));
        QCOMPARE(rows(u"leave_blocks"_s), 1);

        // Removing an account removes its blocks, as the one who left and as the inviter.
        QString error;
        QVERIFY2(m_store->users().removeUser(u"carol"_s, &error), qPrintable(error));
        QCOMPARE(rows(u"leave_blocks"_s), 0);
    }

    void capsCountWhatIsThere()
    {
        m_limits.maxOwnedRooms = 1;
        m_limits.maxMembersPerRoom = 3;
        m_limits.maxRoomsPerUser = 2;
        m_limits.maxAiChatsPerUser = 1;
        RoomRules rules(m_limits, m_store->chats(), *m_membership);
        const RoomRules::Person bob { id(u"bob"_s), u"bob"_s };
        const RoomRules::Person carol { id(u"carol"_s), u"carol"_s };
        const RoomRules::Person dave { id(u"dave"_s), u"dave"_s };

        QVERIFY(!rules.refuseCreate(id(u"alice"_s), ConversationKind::Room, { bob, carol }));
        const auto crowd
            = rules.refuseCreate(id(u"alice"_s), ConversationKind::Room, { bob, carol, dave });
        QVERIFY(crowd);
        QCOMPARE(crowd->code, ErrorCode::QuotaExceeded);
        const QString room = createRoom(u"alice"_s, { u"bob"_s, u"carol"_s });
        QCOMPARE(rules.refuseCreate(id(u"alice"_s), ConversationKind::Room, {})->code,
            ErrorCode::QuotaExceeded); // owns one
        QCOMPARE(rules.refuseInvite(id(u"alice"_s), room, dave)->code, ErrorCode::QuotaExceeded);

        QVERIFY(!rules.refuseCreate(id(u"dave"_s), ConversationKind::Dm, { bob }));
        createRoom(u"carol"_s, { u"bob"_s }); // bob is in two now
        const auto full = rules.refuseCreate(id(u"dave"_s), ConversationKind::Dm, { bob });
        QVERIFY(full);
        QCOMPARE(full->message, u"bob cannot be added to more rooms or direct messages"_s);

        QVERIFY(!rules.refuseCreate(id(u"dave"_s), ConversationKind::Ai, {}));
        QVERIFY(m_store->chats().createConversation(id(u"dave"_s), u"t"_s, u"demo"_s, QString()));
        QCOMPARE(rules.refuseCreate(id(u"dave"_s), ConversationKind::Ai, {})->code,
            ErrorCode::QuotaExceeded);
    }

    void pagesInIdOrder()
    {
        ChatStore& chats = m_store->chats();
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            const auto conv
                = chats.createConversation(id(u"dave"_s), u"t%1"_s.arg(i), u"demo"_s, QString());
            QVERIFY(conv);
            ids.append(conv->convId);
        }
        ids.append(createRoom(u"dave"_s, { u"bob"_s }));
        ids.sort();

        QStringList seen;
        QString after;
        for (int page = 0; page < 3; ++page) {
            const ConversationPage got = chats.conversationPage(id(u"dave"_s), after, 2);
            QCOMPARE(got.items.size(), 2);
            QCOMPARE(got.hasMore, page < 2);
            for (const Conversation& conv : got.items) {
                seen.append(conv.convId);
                QCOMPARE(conv.members.size(), conv.kind == ConversationKind::Room ? 2 : 0);
            }
            after = seen.constLast();
        }
        QCOMPARE(seen, ids);
        QVERIFY(chats.conversationPage(id(u"dave"_s), after, 2).items.isEmpty());
        QCOMPARE(chats.conversations(id(u"dave"_s)).size(), 6);
        // Bob's page holds only his one room.
        QCOMPARE(chats.conversationPage(id(u"bob"_s), QString(), 100).items.size(), 1);
    }

private:
    QString id(const QString& name) const { return m_store->ids().value(name); }

    QString createRoom(const QString& owner, const QStringList& others)
    {
        QStringList memberIds;
        for (const QString& name : others)
            memberIds.append(id(name));
        const auto room
            = m_store->chats().createConversation(NewConversation { ConversationKind::Room,
                id(owner), MemberRole::Owner, memberIds, u"Room"_s, u"demo"_s, QString() });
        return room ? room->convId : QString();
    }

    int rows(const QString& table)
    {
        QSqlQuery q(m_store->database().connection());
        return q.exec(u"SELECT COUNT(*) FROM "_s + table) && q.next() ? q.value(0).toInt() : -1;
    }

    std::unique_ptr<testing::StoreFixture> m_store;
    std::unique_ptr<Membership> m_membership;
    std::unique_ptr<RoomRules> m_rules;
    RoomLimits m_limits;
    qint64 m_now = 0;
};

QTEST_GUILESS_MAIN(TestRoomRules)
#include "tst_roomrules.moc"
