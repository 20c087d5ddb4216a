#include "chat/access.h"
#include "chat/membership.h"
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
using Action = Access::Action;
constexpr int allowed = -1; ///< an expected "error code" meaning: no error, the seat is returned
} // namespace

/// Access, the one place that decides who may do what: every kind × seat × action, the answer
/// (`not_found` for outsiders exactly as for ids that never existed, `forbidden` for members
/// lacking the role, `bad_request` for members' actions on a private AI chat), and generations
/// of conversations the caller is not in.
class TestAccess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<testing::StoreFixture>();
        QVERIFY2(
            m_store->open({ u"alice"_s, u"bob"_s, u"dave"_s }), qPrintable(m_store->errorString()));
        m_ids = m_store->ids();
        m_chats = &m_store->chats();
        m_membership = std::make_unique<Membership>(m_chats->members());
        m_access = std::make_unique<Access>(*m_membership, *m_chats, m_fanout);
        const QString alice = m_ids[u"alice"_s];
        const QString bob = m_ids[u"bob"_s];
        const auto ai = m_chats->createConversation(alice, u"AI"_s, u"demo"_s, QString());
        const auto room = m_chats->createConversation(NewConversation { ConversationKind::Room,
            alice, MemberRole::Owner, { bob }, u"Room"_s, u"demo"_s, QString() });
        const auto dm = m_chats->createConversation(NewConversation { ConversationKind::Dm, alice,
            MemberRole::Member, { bob }, QString(), u"demo"_s, QString() });
        QVERIFY(ai && room && dm);
        m_convs = { { u"ai"_s, ai->convId }, { u"room"_s, room->convId }, { u"dm"_s, dm->convId } };
    }

    void cleanup()
    {
        m_access.reset();
        m_membership.reset();
        m_store.reset();
        m_ids.clear();
    }

    void check_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("user");
        QTest::addColumn<Action>("action");
        QTest::addColumn<int>("expected");
        const int notFound = int(ErrorCode::NotFound);
        const int forbidden = int(ErrorCode::Forbidden);
        const int badRequest = int(ErrorCode::BadRequest);
        const QList<std::pair<Action, QString>> actions { { Action::Use, u"use"_s },
            { Action::Update, u"update"_s }, { Action::Delete, u"delete"_s },
            { Action::Invite, u"invite"_s }, { Action::Remove, u"remove"_s },
            { Action::Leave, u"leave"_s } };
        // What each seat gets, in the order of `actions`.
        const QList<std::tuple<QString, QString, QList<int>>> table {
            { u"ai"_s, u"alice"_s,
                { allowed, allowed, allowed, badRequest, badRequest, badRequest } },
            { u"room"_s, u"alice"_s, { allowed, allowed, allowed, allowed, allowed, allowed } },
            { u"room"_s, u"bob"_s,
                { allowed, forbidden, forbidden, forbidden, forbidden, allowed } },
            { u"dm"_s, u"alice"_s,
                { allowed, forbidden, forbidden, forbidden, forbidden, allowed } },
            { u"dm"_s, u"bob"_s, { allowed, forbidden, forbidden, forbidden, forbidden, allowed } },
            { u"ai"_s, u"bob"_s, QList<int>(6, notFound) },
            { u"ai"_s, u"dave"_s, QList<int>(6, notFound) },
            { u"room"_s, u"dave"_s, QList<int>(6, notFound) },
            { u"dm"_s, u"dave"_s, QList<int>(6, notFound) },
        };
        for (const auto& [kind, user, expected] : table) {
            for (qsizetype i = 0; i < actions.size(); ++i) {
                QTest::addRow("%s %s %s", qPrintable(kind), qPrintable(user),
                    qPrintable(actions.at(i).second))
                    << kind << user << actions.at(i).first << expected.at(i);
            }
        }
    }

    void check()
    {
        QFETCH(QString, kind);
        QFETCH(QString, user);
        QFETCH(Action, action);
        QFETCH(int, expected);
        const QString convId = m_convs.value(kind);
        QSignalSpy answers(&m_fanout, &Fanout::frameForSession);
        const auto seat = m_access->check(session(user), u"req"_s, convId, action);
        if (expected == allowed) {
            QVERIFY(seat);
            QCOMPARE(answers.count(), 0);
            QCOMPARE(seat->kind,
                *fromWireName<ConversationKind>(kind)); // the seat tells the handler the kind
            return;
        }
        QVERIFY(!seat);
        const Error error = answerOf(answers);
        QCOMPARE(int(error.code), expected);
        QCOMPARE(error.id, u"req"_s);
        QVERIFY(!error.message.isEmpty());
        if (expected == int(ErrorCode::NotFound)) {
            // Word for word what an id that never existed gets: nothing leaks.
            const QString unknown = u"no-such-id"_s;
            QVERIFY(!m_access->check(session(user), u"req"_s, unknown, action));
            const Error never = answerOf(answers, 1);
            QCOMPARE(never.code, ErrorCode::NotFound);
            QCOMPARE(QString(error.message).replace(convId, u"ID"_s),
                QString(never.message).replace(unknown, u"ID"_s));
        }
    }

    void ownersRoleIsReturned()
    {
        QCOMPARE(m_access->check(session(u"alice"_s), u"r"_s, m_convs[u"room"_s])->role,
            MemberRole::Owner);
        QCOMPARE(m_access->check(session(u"bob"_s), u"r"_s, m_convs[u"room"_s])->role,
            MemberRole::Member);
    }

    void generationsOfOtherPeoplesConversationsDoNotExist()
    {
        const auto start = m_chats->startGeneration(
            m_convs[u"room"_s], Author { AuthorKind::Assistant, u"demo"_s, u"Demo"_s }, u"demo"_s);
        QVERIFY(start);
        QSignalSpy answers(&m_fanout, &Fanout::frameForSession);
        // Any member reaches it.
        for (const QString& member : { u"alice"_s, u"bob"_s }) {
            const auto record = m_access->generation(session(member), u"g"_s, start->genId);
            QVERIFY(record);
            QCOMPARE(record->convId, m_convs[u"room"_s]);
        }
        QCOMPARE(answers.count(), 0);
        QVERIFY(!m_access->generation(session(u"dave"_s), u"g"_s, start->genId));
        QVERIFY(!m_access->generation(session(u"dave"_s), u"g"_s, u"no-such-gen"_s));
        const Error outsider = answerOf(answers, 0);
        const Error never = answerOf(answers, 1);
        QCOMPARE(outsider.code, ErrorCode::NotFound);
        QCOMPARE(never.code, ErrorCode::NotFound);
        QCOMPARE(QString(outsider.message).replace(start->genId, u"ID"_s),
            QString(never.message).replace(u"no-such-gen"_s, u"ID"_s));
    }

    void aMemberWhoLeftIsAnOutsider()
    {
        const QString room = m_convs[u"room"_s];
        QVERIFY(m_access->check(session(u"bob"_s), u"r"_s, room));
        QVERIFY(m_chats->leaveConversation(room, m_ids[u"bob"_s]));
        m_membership->forget(room); // as the handlers do after every membership change
        QSignalSpy answers(&m_fanout, &Fanout::frameForSession);
        QVERIFY(!m_access->check(session(u"bob"_s), u"r"_s, room));
        QCOMPARE(answerOf(answers).code, ErrorCode::NotFound);
    }

private:
    SessionRef session(const QString& user) const
    {
        return SessionRef { 7, m_ids.value(user), user };
    }

    static Error answerOf(const QSignalSpy& answers, int index = 0)
    {
        if (answers.count() <= index)
            return Error { QString(), ErrorCode::Internal, u"no answer"_s, std::nullopt };
        const auto decoded = decodeServerMessage(answers.at(index).at(1).toByteArray());
        if (!decoded.ok() || !std::holds_alternative<Error>(*decoded.message))
            return Error { QString(), ErrorCode::Internal, u"not an error"_s, std::nullopt };
        return std::get<Error>(*decoded.message);
    }

    Fanout m_fanout;
    std::unique_ptr<testing::StoreFixture> m_store;
    ChatStore* m_chats = nullptr;
    std::unique_ptr<Membership> m_membership;
    std::unique_ptr<Access> m_access;
    QHash<QString, QString> m_convs;
    QHash<QString, QString> m_ids;
};

QTEST_GUILESS_MAIN(TestAccess)
#include "tst_access.moc"
