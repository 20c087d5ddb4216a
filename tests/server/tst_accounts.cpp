// Accounts over WebSocket against an in-process server: Argon2id storage, the PBKDF2 migration,
// disabled accounts, revocation and expiry closing live sessions with 4401, and the password
// reset. The token re-check interval is short, so a revocation shows within milliseconds.

#include "app/server.h"
#include "auth/passwordhash.h"
#include "chat/hub.h"
#include "store/userstore.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int checkMs = 50;

TestServer::Options fastChecks()
{
    TestServer::Options options;
    options.tokenCheckIntervalMs = checkMs;
    return options;
}
} // namespace

class TestAccounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>(fastChecks());
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"wonderland"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"builder"_s));
    }
    void cleanup() { m_server.reset(); }

    void storesArgon2id()
    {
        const QString stored = storedHash(u"alice"_s);
        QVERIFY2(stored.startsWith(u"$argon2id$"_s), qPrintable(stored));
        QVERIFY(!stored.contains(u"wonderland"_s));
        WsTestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(client.login(u"alice"_s, u"wonderland"_s));
    }

    void migratesPbkdf2OnSignIn()
    {
        QString error;
        m_server->inServerThread([&](server::Server& s) {
            s.hub()->users()->addHashedUser(
                u"carol"_s, server::PasswordHash::hashPbkdf2(u"old secret"_s, 1000), &error);
        });
        QVERIFY(storedHash(u"carol"_s).startsWith(u"pbkdf2-sha256$"_s));

        WsTestClient client;
        QVERIFY(client.open(m_server->url()));
        // A wrong password must not touch the stored hash.
        QVERIFY(!client.login(u"carol"_s, u"wrong"_s));
        QVERIFY(storedHash(u"carol"_s).startsWith(u"pbkdf2-sha256$"_s));

        QVERIFY(client.login(u"carol"_s, u"old secret"_s));
        const QString upgraded = storedHash(u"carol"_s);
        QVERIFY2(upgraded.startsWith(u"$argon2id$"_s), qPrintable(upgraded));
        QVERIFY(server::PasswordHash::verify(u"old secret"_s, upgraded));

        WsTestClient again;
        QVERIFY(again.open(m_server->url()));
        QVERIFY(again.login(u"carol"_s, u"old secret"_s));
    }

    void disabledUserIsRefused()
    {
        setDisabled(u"alice"_s, true);
        WsTestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(!client.login(u"alice"_s, u"wonderland"_s));
        // login() consumed the error; send again to read its message.
        client.send(Login { u"x"_s, u"alice"_s, u"wonderland"_s });
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::Unauthorized);
        QVERIFY2(error->message.contains(u"disabled"_s), qPrintable(error->message));
        // A wrong password does not learn that the account exists.
        client.send(Login { u"y"_s, u"alice"_s, u"guess"_s });
        const auto wrong = client.waitFor<Error>();
        QVERIFY(wrong);
        QVERIFY(!wrong->message.contains(u"disabled"_s));

        setDisabled(u"alice"_s, false);
        WsTestClient later;
        QVERIFY(later.open(m_server->url()));
        QVERIFY(later.login(u"alice"_s, u"wonderland"_s));
    }

    void disablingClosesLiveSessions()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        const auto welcome = alice.login(u"alice"_s, u"wonderland"_s);
        QVERIFY(welcome);
        setDisabled(u"alice"_s, true);
        QVERIFY(alice.waitForDisconnected(5000));
        QCOMPARE(alice.closeCode(), closecode::sessionInvalid);
        // Enabling again does not bring the old token back.
        setDisabled(u"alice"_s, false);
        QVERIFY(!authWith(welcome->token));
    }

    void revocationClosesOnlyThatUsersSessions()
    {
        WsTestClient alice;
        WsTestClient alice2;
        WsTestClient bob;
        QVERIFY(alice.open(m_server->url()));
        QVERIFY(alice2.open(m_server->url()));
        QVERIFY(bob.open(m_server->url()));
        const auto welcome = alice.login(u"alice"_s, u"wonderland"_s);
        QVERIFY(welcome);
        QVERIFY(alice2.login(u"alice"_s, u"wonderland"_s));
        QVERIFY(bob.login(u"bob"_s, u"builder"_s));
        QVERIFY(authWith(welcome->token));

        int revoked = -1;
        m_server->inServerThread([&](server::Server& s) {
            QString error;
            revoked = s.hub()->users()->revokeTokens(u"alice"_s, &error);
        });
        QCOMPARE(revoked, 2); // one token per login; auth issues none
        QVERIFY(alice.waitForDisconnected(5000));
        QCOMPARE(alice.closeCode(), closecode::sessionInvalid);
        QVERIFY(alice2.waitForDisconnected(5000));
        QCOMPARE(alice2.closeCode(), closecode::sessionInvalid);
        QVERIFY(!authWith(welcome->token));

        // Bob is still signed in: a request that needs a session is answered.
        bob.send(ConversationsList { u"c1"_s });
        QVERIFY(bob.waitFor<ConversationsReply>());
        QVERIFY(bob.isConnected());
    }

    void resetPasswordRevokes()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        const auto welcome = alice.login(u"alice"_s, u"wonderland"_s);
        QVERIFY(welcome);
        bool ok = false;
        m_server->inServerThread([&](server::Server& s) {
            QString error;
            ok = s.hub()->users()->resetPassword(
                u"alice"_s, u"looking glass"_s, &error, server::PasswordHash::Cost::minimum());
        });
        QVERIFY(ok);
        QVERIFY(alice.waitForDisconnected(5000));
        QCOMPARE(alice.closeCode(), closecode::sessionInvalid);
        QVERIFY(!authWith(welcome->token));
        WsTestClient again;
        QVERIFY(again.open(m_server->url()));
        QVERIFY(!again.login(u"alice"_s, u"wonderland"_s));
        QVERIFY(again.login(u"alice"_s, u"looking glass"_s));
    }

    void removedUserIsClosed()
    {
        WsTestClient bob;
        QVERIFY(bob.open(m_server->url()));
        QVERIFY(bob.login(u"bob"_s, u"builder"_s));
        bool ok = false;
        m_server->inServerThread([&](server::Server& s) {
            QString error;
            ok = s.hub()->users()->removeUser(u"bob"_s, &error);
        });
        QVERIFY(ok);
        QVERIFY(bob.waitForDisconnected(5000));
        QCOMPARE(bob.closeCode(), closecode::sessionInvalid);
    }

    void expiredTokenIsClosedAndRefused()
    {
        TestServer::Options options = fastChecks();
        options.tokenLifetimeSeconds = 0; // every token is expired as soon as it is issued
        TestServer shortLived(options);
        QVERIFY2(shortLived.start(), qPrintable(shortLived.errorString()));
        QVERIFY(shortLived.addUser(u"dora"_s, u"explorer"_s));
        WsTestClient dora;
        QVERIFY(dora.open(shortLived.url()));
        const auto welcome = dora.login(u"dora"_s, u"explorer"_s);
        QVERIFY(welcome);
        QVERIFY(dora.waitForDisconnected(5000));
        QCOMPARE(dora.closeCode(), closecode::sessionInvalid);

        WsTestClient again;
        QVERIFY(again.open(shortLived.url()));
        again.send(Auth { u"a"_s, welcome->token });
        const auto error = again.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::Unauthorized);
    }

private:
    QString storedHash(const QString& name)
    {
        QString stored;
        m_server->inServerThread(
            [&](server::Server& s) { stored = s.hub()->users()->credentials(name).second; });
        return stored;
    }

    void setDisabled(const QString& name, bool disabled)
    {
        bool ok = false;
        m_server->inServerThread([&](server::Server& s) {
            QString error;
            ok = s.hub()->users()->setDisabled(name, disabled, &error);
        });
        QVERIFY(ok);
    }

    /// Whether `auth` with the token opens a session on a new connection.
    bool authWith(const QString& token)
    {
        WsTestClient client;
        if (!client.open(m_server->url()))
            return false;
        client.send(Auth { u"auth"_s, token });
        QDeadlineTimer deadline(5000);
        while (!deadline.hasExpired()) {
            if (client.waitFor<Welcome>(10))
                return true;
            if (client.waitFor<Error>(10))
                return false;
        }
        return false;
    }

    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_accounts.moc"
