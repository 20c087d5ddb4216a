#include "auth/livetokens.h"
#include "auth/sessiontoken.h"
#include "store/database.h"
#include "store/revocationlog.h"
#include "store/userstore.h"

#include <QDateTime>
#include <QDir>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// Live sessions' tokens: a revocation written by another connection to the store (the admin
/// CLI is another process) reaches the server through the revocation log and closes only the
/// sessions of the accounts it names; an expiry needs no query at all.
class TestRevocations : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_server; ///< the server's connection
    std::unique_ptr<Database> m_cli; ///< another process's
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<UserStore> m_cliUsers;
    std::unique_ptr<RevocationLog> m_log;

    QString idOf(const QString& name) { return m_users->findByName(name)->id; }
    /// Signs `name` in as `sessionId` with a new token; returns the token.
    QString signIn(
        LiveTokens& live, quint64 sessionId, const QString& name, qint64 lifetimeSeconds = 3600)
    {
        qint64 expiresAtMs = 0;
        const QString token = m_users->issueToken(idOf(name), lifetimeSeconds, &expiresAtMs);
        live.add(sessionId, idOf(name), SessionToken::storageHash(token), expiresAtMs);
        return token;
    }
    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

private Q_SLOTS:
    void init()
    {
        const QString path
            = QDir(m_dir.path())
                  .filePath(u"%1-%2"_s.arg(QLatin1StringView(QTest::currentTestFunction()))
                                .arg(Database::fileName()));
        m_server = std::make_unique<Database>();
        QVERIFY(m_server->open(path));
        m_cli = std::make_unique<Database>();
        QVERIFY(m_cli->open(path));
        m_users = std::make_unique<UserStore>(*m_server);
        m_cliUsers = std::make_unique<UserStore>(*m_cli);
        m_log = std::make_unique<RevocationLog>(*m_server);
        QString error;
        for (const QString& name : { u"alice"_s, u"bob"_s })
            QVERIFY(m_users->addUser(name, u"pw"_s, &error, PasswordHash::Cost::minimum()));
    }

    void cleanup()
    {
        m_log.reset();
        m_cliUsers.reset();
        m_users.reset();
        m_cli.reset();
        m_server.reset();
    }

    void revocationByAnotherProcessClosesOnlyThatAccount()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s);
        signIn(live, 2, u"alice"_s);
        signIn(live, 3, u"bob"_s);
        QVERIFY(live.check(now()).isEmpty());
        QString error;
        QCOMPARE(m_cliUsers->revokeTokens(u"alice"_s, &error), 2);
        QList<quint64> closed = live.check(now());
        std::sort(closed.begin(), closed.end());
        QCOMPARE(closed, (QList<quint64> { 1, 2 }));
        QCOMPARE(live.size(), 1);
        QVERIFY(live.check(now()).isEmpty()); // told once
    }

    void disablingResettingAndRemovingAreFound()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s);
        signIn(live, 2, u"bob"_s);
        QString error;
        QVERIFY(m_cliUsers->setDisabled(u"alice"_s, true, &error));
        QCOMPARE(live.check(now()), QList<quint64> { 1 });
        QVERIFY(m_cliUsers->setDisabled(u"alice"_s, false, &error));
        signIn(live, 3, u"alice"_s);
        QVERIFY(live.check(now()).isEmpty()); // enabling revokes nothing
        QVERIFY(m_cliUsers->resetPassword(
            u"alice"_s, u"new password"_s, &error, PasswordHash::Cost::minimum()));
        QCOMPARE(live.check(now()), QList<quint64> { 3 });
        QVERIFY(m_cliUsers->removeUser(u"bob"_s, &error));
        QCOMPARE(live.check(now()), QList<quint64> { 2 });
        QCOMPARE(live.size(), 0);
    }

    void anotherTokenOfTheAccountGoingKeepsTheSession()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s);
        const QString other = m_users->issueToken(idOf(u"alice"_s));
        QSqlQuery remove(m_cli->connection());
        remove.prepare(u"DELETE FROM tokens WHERE token_hash = ?"_s);
        remove.addBindValue(SessionToken::storageHash(other));
        QVERIFY(m_cli->exec(remove));
        QVERIFY(live.check(now()).isEmpty()); // alice's sessions asked again, and still valid
        QCOMPARE(live.size(), 1);
    }

    void expiryNeedsNoQuery()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s, 60);
        signIn(live, 2, u"bob"_s, 120);
        // From the clock alone: with the store closed (every query fails) they still close.
        m_server->connection().close();
        const qint64 start = now();
        QVERIFY(live.check(start + 59000).isEmpty());
        QCOMPARE(live.check(start + 61000), QList<quint64> { 1 });
        QCOMPARE(live.check(start + 121000), QList<quint64> { 2 });
    }

    void aShortenedExpiryInTheStoreIsFound()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s, 3600);
        QVERIFY(m_cli->exec(u"UPDATE tokens SET expires_at = 1"_s));
        QCOMPARE(live.check(now()), QList<quint64> { 1 });
    }

    void aFailingStoreClosesNobodyAndIsAskedAgain()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s);
        QString error;
        QCOMPARE(m_cliUsers->revokeTokens(u"alice"_s, &error), 1);
        m_server->connection().close();
        QVERIFY(live.check(now()).isEmpty());
        QVERIFY(m_server->connection().open());
        QCOMPARE(live.check(now()), QList<quint64> { 1 });
    }

    void whatWasLoggedBeforeStartIsIgnoredAndTheLogIsPruned()
    {
        QString error;
        QVERIFY(m_cliUsers->revokeTokens(u"alice"_s, &error) >= 0);
        m_users->issueToken(idOf(u"alice"_s));
        QCOMPARE(m_cliUsers->revokeTokens(u"alice"_s, &error), 1);
        QVERIFY(*m_log->latest() > 0);
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s);
        QVERIFY(live.check(now()).isEmpty());
        QVERIFY(m_log->prune(-60000)); // everything, even what was written this instant
        QCOMPARE(m_log->since(0)->userIds.size(), 0);
    }

    void aFloodOfRevocationsChecksEveryone()
    {
        LiveTokens live(*m_users, *m_log);
        signIn(live, 1, u"alice"_s);
        signIn(live, 2, u"bob"_s);
        QVERIFY(m_cli->transaction());
        for (int i = 0; i < 1500; ++i) {
            QVERIFY(m_cli->exec(
                u"INSERT INTO revocations (user_id, at) VALUES ('nobody-%1', 0)"_s.arg(i)));
        }
        QVERIFY(m_cli->commit());
        QString error;
        QCOMPARE(m_cliUsers->revokeTokens(u"alice"_s, &error), 1);
        const auto entries = m_log->since(0);
        QVERIFY(entries->truncated);
        QCOMPARE(live.check(now()), QList<quint64> { 1 });
        QVERIFY(live.check(now()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRevocations)
#include "tst_revocations.moc"
