#include "app/announcecommand.h"
#include "app/commandline.h"
#include "chat/announcements.h"
#include "store/announcementstore.h"
#include "store/database.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// `palaver-server announce` writes the store; the running server tells everyone signed in
/// within a poll, tells those who sign in later right after their welcome, and says again with
/// an expiry in the past when one is withdrawn.
class TestServerAnnouncements : public QObject
{
    Q_OBJECT
private:
    static constexpr int pollWaitMs = Announcements::pollIntervalMs * 2 + 1000;

    /// The store as the admin command opens it: another connection to the same file.
    struct AdminStore
    {
        explicit AdminStore(const QString& dataDir)
        {
            ok = db.open(QDir(dataDir).filePath(Database::fileName()));
        }
        Database db;
        AnnouncementStore store { db };
        bool ok = false;
    };

    TestServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.addUser(u"alice"_s, u"a"_s));
        QVERIFY(m_server.addUser(u"bob"_s, u"b"_s));
    }

    void reachesEveryoneAndLaterSignIns()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server.url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        AdminStore admin(m_server.dataDir());
        QVERIFY(admin.ok);
        const QDateTime expires = QDateTime::currentDateTimeUtc().addSecs(3600);
        QString error;
        const auto added = admin.store.add(
            AnnouncementLevel::Warning, u"Maintenance at 18:00"_s, expires, &error);
        QVERIFY2(added, qPrintable(error));

        const auto live = alice.waitFor<Announcement>(pollWaitMs);
        QVERIFY(live);
        QCOMPARE(live->announcementId, added->announcementId);
        QCOMPARE(live->level, AnnouncementLevel::Warning);
        QCOMPARE(live->text, u"Maintenance at 18:00"_s);
        QCOMPARE(live->expiresAt.toMSecsSinceEpoch(), expires.toMSecsSinceEpoch());

        // Signing in later: right after the welcome, without waiting for a poll.
        WsTestClient bob;
        QVERIFY(bob.open(m_server.url()));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));
        const auto onSignIn = bob.waitFor<Announcement>(1000);
        QVERIFY(onSignIn);
        QCOMPARE(onSignIn->announcementId, added->announcementId);

        // Withdrawn: said again, already expired.
        QVERIFY(admin.store.withdraw(added->announcementId));
        for (WsTestClient* client : { &alice, &bob }) {
            const auto withdrawn = client->waitFor<Announcement>(pollWaitMs);
            QVERIFY(withdrawn);
            QCOMPARE(withdrawn->announcementId, added->announcementId);
            QVERIFY(withdrawn->expiresAt.isValid());
            QVERIFY(withdrawn->expiresAt <= QDateTime::currentDateTimeUtc());
        }
        QVERIFY(!admin.store.withdraw(added->announcementId)); // only once

        WsTestClient carol;
        QVERIFY(carol.open(m_server.url()));
        QVERIFY(carol.login(u"alice"_s, u"a"_s));
        QVERIFY(!carol.waitFor<Announcement>(500));
    }

    void anExpiredOneIsNotSentOnSignIn()
    {
        AdminStore admin(m_server.dataDir());
        QVERIFY(admin.ok);
        QString error;
        const auto added = admin.store.add(AnnouncementLevel::Info, u"Brief"_s,
            QDateTime::currentDateTimeUtc().addMSecs(Announcements::pollIntervalMs + 500), &error);
        QVERIFY(added);
        WsTestClient alice;
        QVERIFY(alice.open(m_server.url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        QVERIFY(alice.waitFor<Announcement>(pollWaitMs)); // while it holds
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > added->expiresAt, 5000);
        WsTestClient late;
        QVERIFY(late.open(m_server.url()));
        QVERIFY(late.login(u"bob"_s, u"b"_s));
        QVERIFY(!late.waitFor<Announcement>(500));
    }

    void atMostMaxValidHoldAtOnce()
    {
        QTemporaryDir dir;
        Database db;
        QVERIFY(db.open(QDir(dir.path()).filePath(Database::fileName())));
        AnnouncementStore store(db);
        QString error;
        for (int i = 0; i < AnnouncementStore::maxValid; ++i)
            QVERIFY2(
                store.add(AnnouncementLevel::Info, u"n%1"_s.arg(i), {}, &error), qPrintable(error));
        QVERIFY(!store.add(AnnouncementLevel::Info, u"one too many"_s, {}, &error));
        QVERIFY2(error.contains(u"withdraw one first"_s), qPrintable(error));
        // Withdrawing one (or one expiring) makes room again.
        QVERIFY(store.withdraw(store.all().constFirst().announcementId));
        QVERIFY2(
            store.add(AnnouncementLevel::Info, u"now it fits"_s, {}, &error), qPrintable(error));
        QCOMPARE(store.valid(QDateTime::currentDateTimeUtc())->size(), AnnouncementStore::maxValid);
    }

    void expiryIsADurationOrAFutureTime()
    {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(1'790'000'000'000, Qt::UTC);
        QCOMPARE(parseExpiry(u"90s"_s, now), now.addSecs(90));
        QCOMPARE(parseExpiry(u"30m"_s, now), now.addSecs(1800));
        QCOMPARE(parseExpiry(u"2h"_s, now), now.addSecs(7200));
        QCOMPARE(parseExpiry(u"1d"_s, now), now.addSecs(86400));
        QCOMPARE(parseExpiry(u"2026-09-21T18:00:00Z"_s, now),
            QDateTime(QDate(2026, 9, 21), QTime(18, 0), Qt::UTC));
        QCOMPARE(parseExpiry(u"2020-01-01T00:00:00Z"_s, now), std::nullopt); // past
        QCOMPARE(parseExpiry(u"0m"_s, now), std::nullopt);
        QCOMPARE(parseExpiry(u"soon"_s, now), std::nullopt);
    }

    void theCommandLine()
    {
        const QStringList env;
        auto parse = [&](QStringList arguments) {
            arguments.prepend(u"palaver-server"_s);
            return CommandLine::parse(arguments, env);
        };
        const CommandLine add = parse(
            { u"announce"_s, u"--level"_s, u"warning"_s, u"--expires"_s, u"2h"_s, u"Hi"_s });
        QCOMPARE(add.action, CommandLine::Action::AnnounceAdd);
        QCOMPARE(add.announcement, u"Hi"_s);
        QCOMPARE(add.announcementLevel, AnnouncementLevel::Warning);
        QVERIFY(add.announcementExpires > QDateTime::currentDateTimeUtc().addSecs(7000));
        QVERIFY(add.isAdminCommand());
        QCOMPARE(parse({ u"announce"_s, u"list"_s }).action, CommandLine::Action::AnnounceList);
        const CommandLine withdraw = parse({ u"announce"_s, u"withdraw"_s, u"3"_s });
        QCOMPARE(withdraw.action, CommandLine::Action::AnnounceWithdraw);
        QCOMPARE(withdraw.announcement, u"3"_s);
        QCOMPARE(parse({ u"announce"_s, u"--level"_s, u"loud"_s, u"x"_s }).action,
            CommandLine::Action::Error);
        QCOMPARE(parse({ u"announce"_s }).action, CommandLine::Action::Error);
        QCOMPARE(parse({ u"announce"_s, QString(2001, u'x') }).action, CommandLine::Action::Error);
    }
};

QTEST_GUILESS_MAIN(TestServerAnnouncements)
#include "tst_serverannouncements.moc"
