#include "chat/membership.h"
#include "chat/presence.h"
#include "protocol/codec.h"
#include "store/chatstore.h"
#include "store/userstore.h"
#include "storefixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
/// One presence push as the fan-out emitted it: who it went to, and what.
struct Push
{
    QStringList to;
    PresenceEvent event;
};
} // namespace

/// The Presence class on its own: the state of a user from their connections (online while one
/// is not away, away when all are, offline when none is left), pushes of changes only and only
/// to co-members, lastSeen stored on going offline, and the members' presence in conversation
/// objects.
class TestPresenceState : public QObject
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
        // alice shares a room with bob and a DM with carol; dave shares nothing with anyone but
        // has a private AI chat (which makes nobody a co-member).
        QVERIFY(
            m_chats->createConversation(NewConversation { ConversationKind::Room, id(u"alice"_s),
                MemberRole::Owner, { id(u"bob"_s) }, u"Room"_s, u"demo"_s, QString() }));
        QVERIFY(m_chats->createConversation(NewConversation { ConversationKind::Dm, id(u"alice"_s),
            MemberRole::Member, { id(u"carol"_s) }, QString(), u"demo"_s, QString() }));
        QVERIFY(m_chats->createConversation(id(u"dave"_s), u"AI"_s, u"demo"_s, QString()));
        m_membership = std::make_unique<Membership>(m_chats->members());
        m_presence = std::make_unique<Presence>(m_chats->members(), *m_membership, m_fanout);
    }

    void cleanup()
    {
        m_presence.reset();
        m_membership.reset();
        m_store.reset();
    }

    void changesArePushedToCoMembersOnly()
    {
        // Everyone is listening: the fan-out sends only to users it counts online.
        quint64 listener = 100;
        for (const QString& name : { u"bob"_s, u"carol"_s, u"dave"_s })
            m_fanout.signedIn(++listener, id(name), name);
        Recorder pushes(m_fanout);
        QCOMPARE(m_presence->state(id(u"alice"_s)), PresenceState::Offline);

        m_presence->sessionSignedIn(1, id(u"alice"_s), u"alice"_s);
        QCOMPARE(m_presence->state(id(u"alice"_s)), PresenceState::Online);
        QCOMPARE(pushes.take().size(), 1);

        // A second connection changes nothing anyone needs to hear.
        m_presence->sessionSignedIn(2, id(u"alice"_s), u"alice"_s);
        QVERIFY(pushes.take().isEmpty());

        // One connection away, the other still online: online.
        m_presence->set(session(1, u"alice"_s), PresenceSet { QString(), PresenceState::Away });
        QCOMPARE(m_presence->state(id(u"alice"_s)), PresenceState::Online);
        QVERIFY(pushes.take().isEmpty());

        m_presence->set(session(2, u"alice"_s), PresenceSet { QString(), PresenceState::Away });
        QCOMPARE(m_presence->state(id(u"alice"_s)), PresenceState::Away);
        QList<Push> taken = pushes.take();
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().event.state, PresenceState::Away);
        QCOMPARE(taken.first().event.user, (UserInfo { id(u"alice"_s), u"alice"_s }));
        QVERIFY(!taken.first().event.lastSeen.isValid());
        QStringList to = taken.first().to;
        to.sort();
        QStringList coMembers { id(u"bob"_s), id(u"carol"_s) };
        coMembers.sort();
        QCOMPARE(to, coMembers); // not alice herself, not dave

        // Saying it again is no change.
        m_presence->set(session(2, u"alice"_s), PresenceSet { QString(), PresenceState::Away });
        QVERIFY(pushes.take().isEmpty());

        // A new connection counts as online at once (a reconnect of someone still away, too).
        m_presence->sessionSignedIn(3, id(u"alice"_s), u"alice"_s);
        taken = pushes.take();
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().event.state, PresenceState::Online);
        m_presence->sessionEnded(3);
        QCOMPARE(pushes.take().first().event.state, PresenceState::Away);

        m_presence->sessionEnded(1);
        QVERIFY(pushes.take().isEmpty());
        const QDateTime before = QDateTime::currentDateTimeUtc();
        m_presence->sessionEnded(2);
        taken = pushes.take();
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().event.state, PresenceState::Offline);
        QVERIFY(taken.first().event.lastSeen >= before.addMSecs(-1));
        QCOMPARE(m_presence->state(id(u"alice"_s)), PresenceState::Offline);
        // Stored, as the event says, once the hub's drain saves it (in its group commit); until
        // then members are shown with it from memory.
        QList<Member> shown { Member { id(u"alice"_s), u"alice"_s } };
        m_presence->apply(shown);
        QCOMPARE(shown.first().lastSeen, taken.first().event.lastSeen);
        QVERIFY(m_presence->hasUnsavedLastSeen());
        m_presence->saveLastSeen();
        QVERIFY(!m_presence->hasUnsavedLastSeen());
        const auto bobsView = m_chats->conversations(id(u"bob"_s));
        QCOMPARE(bobsView.size(), 1);
        bool found = false;
        for (const Member& m : bobsView.first().members) {
            if (m.id == id(u"alice"_s)) {
                QCOMPARE(m.lastSeen, taken.first().event.lastSeen);
                found = true;
            }
        }
        QVERIFY(found);
        m_presence->sessionEnded(2); // twice: nothing
        QVERIFY(pushes.take().isEmpty());
    }

    void strangersHearNothing()
    {
        Recorder pushes(m_fanout);
        m_presence->sessionSignedIn(1, id(u"dave"_s), u"dave"_s);
        QCOMPARE(m_presence->state(id(u"dave"_s)), PresenceState::Online);
        m_presence->sessionEnded(1);
        QVERIFY(pushes.take().isEmpty()); // nobody shares a room or a DM with dave
    }

    void offlineCannotBeSetAndIdsAreAnswered()
    {
        m_presence->sessionSignedIn(1, id(u"bob"_s), u"bob"_s);
        QSignalSpy answers(&m_fanout, &Fanout::frameForSession);
        m_presence->set(session(1, u"bob"_s), PresenceSet { u"p1"_s, PresenceState::Offline });
        QCOMPARE(answers.count(), 1);
        auto answer = decodeServerMessage(answers.takeFirst().at(1).toByteArray());
        QVERIFY(answer.ok() && std::holds_alternative<Error>(*answer.message));
        QCOMPARE(std::get<Error>(*answer.message).code, ErrorCode::BadRequest);
        QCOMPARE(std::get<Error>(*answer.message).id, u"p1"_s);
        QCOMPARE(m_presence->state(id(u"bob"_s)), PresenceState::Online);

        m_presence->set(session(1, u"bob"_s), PresenceSet { u"p2"_s, PresenceState::Away });
        QCOMPARE(answers.count(), 1);
        answer = decodeServerMessage(answers.takeFirst().at(1).toByteArray());
        QVERIFY(answer.ok());
        QCOMPARE(std::get<Ok>(*answer.message).id, u"p2"_s);
        m_presence->set(session(1, u"bob"_s), PresenceSet { QString(), PresenceState::Online });
        QCOMPARE(answers.count(), 0); // no id, no answer
        QCOMPARE(m_presence->state(id(u"bob"_s)), PresenceState::Online);
    }

    void membersShowPresenceNow()
    {
        m_presence->sessionSignedIn(1, id(u"bob"_s), u"bob"_s);
        m_presence->sessionSignedIn(2, id(u"carol"_s), u"carol"_s);
        m_presence->set(session(2, u"carol"_s), PresenceSet { QString(), PresenceState::Away });
        QVERIFY(m_chats->members().setLastSeen(id(u"bob"_s), QDateTime::currentDateTimeUtc()));
        QVERIFY(m_chats->members().setLastSeen(id(u"alice"_s), QDateTime::currentDateTimeUtc()));
        QList<Member> members;
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s }) {
            Member m;
            m.id = id(name);
            m.name = name;
            m.lastSeen = QDateTime::currentDateTimeUtc();
            members.append(m);
        }
        m_presence->apply(members);
        QCOMPARE(members.at(0).presence, PresenceState::Offline);
        QVERIFY(members.at(0).lastSeen.isValid()); // kept while offline
        QCOMPARE(members.at(1).presence, PresenceState::Online);
        QVERIFY(!members.at(1).lastSeen.isValid()); // left out while connected
        QCOMPARE(members.at(2).presence, PresenceState::Away);
        QVERIFY(!members.at(2).lastSeen.isValid());
    }

    void shutdownRecordsEveryoneAsLastSeen()
    {
        m_presence->sessionSignedIn(1, id(u"bob"_s), u"bob"_s);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        m_presence->recordAllOffline();
        bool found = false;
        for (const Conversation& conv : m_chats->conversations(id(u"alice"_s))) {
            for (const Member& m : conv.members) {
                if (m.id == id(u"bob"_s)) {
                    QVERIFY(m.lastSeen >= before.addMSecs(-1));
                    found = true;
                }
            }
        }
        QVERIFY(found);
    }

private:
    /// Collects the presence pushes the fan-out emits (to one user or to several).
    class Recorder
    {
    public:
        explicit Recorder(Fanout& fanout)
            : m_one(&fanout, &Fanout::frameForUser)
            , m_many(&fanout, &Fanout::frameForUsers)
        { }

        QList<Push> take()
        {
            QList<Push> result;
            for (const QList<QVariant>& args : std::as_const(m_one))
                result.append(push(QStringList { args.at(0).toString() }, args.at(1)));
            for (const QList<QVariant>& args : std::as_const(m_many))
                result.append(push(args.at(0).toStringList(), args.at(1)));
            m_one.clear();
            m_many.clear();
            return result;
        }

    private:
        static Push push(const QStringList& to, const QVariant& frame)
        {
            const auto decoded = decodeServerMessage(frame.toByteArray());
            Push p { to, PresenceEvent {} };
            if (decoded.ok() && std::holds_alternative<PresenceEvent>(*decoded.message))
                p.event = std::get<PresenceEvent>(*decoded.message);
            else
                p.event.user.name = u"<not a presence event>"_s;
            return p;
        }

        QSignalSpy m_one;
        QSignalSpy m_many;
    };

    QString id(const QString& name) const { return m_ids.value(name); }
    SessionRef session(quint64 sessionId, const QString& name) const
    {
        return SessionRef { sessionId, id(name), name };
    }

    Fanout m_fanout;
    std::unique_ptr<testing::StoreFixture> m_store;
    UserStore* m_users = nullptr;
    ChatStore* m_chats = nullptr;
    std::unique_ptr<Membership> m_membership;
    std::unique_ptr<Presence> m_presence;
    QHash<QString, QString> m_ids;
};

QTEST_GUILESS_MAIN(TestPresenceState)
#include "tst_presencestate.moc"
