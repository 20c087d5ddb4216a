#include "chat/membership.h"
#include "chat/presenceaudience.h"
#include "store/chatstore.h"
#include "storefixture.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// PresenceAudience, the in-memory co-members presence pushes go to: after every kind of member
/// change (join, removal, leave, deletion, a new DM or room, an AI chat) each tracked user's
/// co-members are exactly what the store's query (MemberStore::coMembers) says they are.
class TestPresenceAudience : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<testing::StoreFixture>();
        QVERIFY2(m_store->open({ u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s, u"erin"_s }),
            qPrintable(m_store->errorString()));
        m_membership = std::make_unique<Membership>(m_store->chats().members());
        m_audience = std::make_unique<PresenceAudience>(m_store->chats().members(), *m_membership);
        m_membership->setChangeListener(
            [this](const QString& convId) { m_audience->conversationChanged(convId); });
        // alice owns a room with bob and has a DM with carol.
        m_room = create(ConversationKind::Room, u"alice"_s, { u"bob"_s });
        create(ConversationKind::Dm, u"carol"_s, { u"alice"_s });
    }

    void cleanup()
    {
        m_audience.reset();
        m_membership.reset();
        m_store.reset();
    }

    void trackedUsersStartFromTheStore()
    {
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s })
            m_audience->track(id(name));
        QVERIFY(matchesStore());
        QCOMPARE(sorted(m_audience->coMembers(id(u"alice"_s))), ids({ u"bob"_s, u"carol"_s }));
        QVERIFY(m_audience->coMembers(id(u"dave"_s)).isEmpty());
        QVERIFY(m_audience->coMembers(id(u"erin"_s)).isEmpty()); // not tracked
    }

    void joinRemoveAndLeaveAreFollowed()
    {
        for (const QString& name : { u"alice"_s, u"bob"_s, u"dave"_s })
            m_audience->track(id(name));
        // Joined (invited): dave gains alice and bob, and they gain him.
        QVERIFY(members().join(m_room, id(u"dave"_s), MemberRole::Member, id(u"alice"_s)));
        m_membership->forget(m_room);
        QVERIFY(matchesStore());
        QVERIFY(m_audience->coMembers(id(u"bob"_s)).contains(id(u"dave"_s)));
        // Removed (kicked): bob loses the room.
        QVERIFY(members().remove(m_room, id(u"bob"_s)));
        m_membership->forget(m_room);
        QVERIFY(matchesStore());
        QVERIFY(m_audience->conversationsOf(id(u"bob"_s)).isEmpty());
        QVERIFY(!m_audience->coMembers(id(u"alice"_s)).contains(id(u"bob"_s)));
        // Left.
        QVERIFY(m_store->chats().leaveConversation(m_room, id(u"dave"_s)));
        m_membership->forget(m_room);
        QVERIFY(matchesStore());
        QVERIFY(m_audience->coMembers(id(u"dave"_s)).isEmpty());
        // A user who is not tracked is not added by a change.
        QVERIFY(members().join(m_room, id(u"erin"_s), MemberRole::Member, id(u"alice"_s)));
        m_membership->forget(m_room);
        QVERIFY(!m_audience->isTracked(id(u"erin"_s)));
        QVERIFY(m_audience->coMembers(id(u"alice"_s)).contains(id(u"erin"_s)));
        QVERIFY(matchesStore());
    }

    void newConversationsAndDeletionsAreFollowed()
    {
        for (const QString& name : { u"alice"_s, u"bob"_s, u"dave"_s })
            m_audience->track(id(name));
        // A new DM between a tracked and an untracked user.
        const QString dm = create(ConversationKind::Dm, u"erin"_s, { u"dave"_s });
        QCOMPARE(m_audience->conversationsOf(id(u"dave"_s)), QStringList { dm });
        QCOMPARE(m_audience->coMembers(id(u"dave"_s)), ids({ u"erin"_s }));
        QVERIFY(matchesStore());
        // A second shared room with bob: alice hears nobody twice.
        create(ConversationKind::Room, u"bob"_s, { u"alice"_s, u"dave"_s });
        QVERIFY(matchesStore());
        QCOMPARE(m_audience->coMembers(id(u"alice"_s)).count(id(u"bob"_s)), 1);
        // An AI chat makes nobody a co-member and is not listed.
        const auto ai = m_store->chats().createConversation(id(u"dave"_s), u"AI"_s, u"demo"_s, {});
        QVERIFY(ai);
        m_membership->forget(ai->convId);
        QVERIFY(!m_audience->conversationsOf(id(u"dave"_s)).contains(ai->convId));
        // Deleted: gone from everyone's lists.
        QVERIFY(m_store->chats().deleteConversation(m_room));
        m_membership->forget(m_room);
        QVERIFY(!m_audience->conversationsOf(id(u"alice"_s)).contains(m_room));
        QVERIFY(!m_audience->conversationsOf(id(u"bob"_s)).contains(m_room));
        QVERIFY(matchesStore());
    }

    void untrackedUsersAreForgotten()
    {
        m_audience->track(id(u"alice"_s));
        m_audience->track(id(u"bob"_s));
        m_audience->untrack(id(u"alice"_s));
        QVERIFY(!m_audience->isTracked(id(u"alice"_s)));
        QVERIFY(m_audience->coMembers(id(u"alice"_s)).isEmpty());
        m_membership->forget(m_room); // alice is no longer followed, bob still is
        QVERIFY(!m_audience->isTracked(id(u"alice"_s)));
        QCOMPARE(m_audience->coMembers(id(u"bob"_s)), ids({ u"alice"_s }));
        // Tracked again: read afresh.
        m_audience->track(id(u"alice"_s));
        QVERIFY(matchesStore());
    }

private:
    MemberStore& members() { return m_store->chats().members(); }
    QString id(const QString& name) const { return m_store->ids().value(name); }
    QStringList ids(const QStringList& names) const
    {
        QStringList result;
        for (const QString& name : names)
            result.append(id(name));
        return sorted(result);
    }
    static QStringList sorted(QStringList list)
    {
        list.sort();
        return list;
    }

    /// A room or DM made by `creator` with `others`, announced as the handlers do.
    QString create(ConversationKind kind, const QString& creator, const QStringList& others)
    {
        NewConversation spec;
        spec.kind = kind;
        spec.creatorId = id(creator);
        spec.creatorRole = kind == ConversationKind::Dm ? MemberRole::Member : MemberRole::Owner;
        for (const QString& name : others)
            spec.memberIds.append(id(name));
        spec.model = u"demo"_s;
        const auto conv = m_store->chats().createConversation(spec);
        if (!conv)
            return QString();
        m_membership->forget(conv->convId);
        return conv->convId;
    }

    /// Every tracked user's co-members are what the store's query finds.
    bool matchesStore()
    {
        for (const QString& userId : m_store->ids()) {
            if (!m_audience->isTracked(userId))
                continue;
            const QStringList fromMemory = sorted(m_audience->coMembers(userId));
            const QStringList fromStore = sorted(members().coMembers(userId));
            if (fromMemory != fromStore) {
                qWarning() << "co-members of" << userId << fromMemory << "store:" << fromStore;
                return false;
            }
        }
        return true;
    }

    std::unique_ptr<testing::StoreFixture> m_store;
    std::unique_ptr<Membership> m_membership;
    std::unique_ptr<PresenceAudience> m_audience;
    QString m_room;
};

QTEST_GUILESS_MAIN(TestPresenceAudience)
#include "tst_presenceaudience.moc"
