// A sign-in whose connection closes while its password is being hashed: it welcomes nobody,
// issues no token, creates no account and leaves no online connection counted in the fan-out.
// SignIn is driven directly (its hash finishes in a queued call, so the close can be put before
// it deterministically); the end-to-end case checks the count after a real close.

#include "app/server.h"
#include "auth/signin.h"
#include "chat/hub.h"
#include "limits/offenderlog.h"
#include "metrics/servermetrics.h"
#include "store/revocationlog.h"
#include "store/signinfailurestore.h"
#include "storefixture.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

class TestSignInAfterClose : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<StoreFixture>();
        QVERIFY2(m_store->open({ u"alice"_s }), qPrintable(m_store->errorString()));
        m_failures = std::make_unique<SignInFailureStore>(m_store->database());
        m_revocations = std::make_unique<RevocationLog>(m_store->database());
        m_fanout = std::make_unique<Fanout>();
        SignInConfig config;
        config.serverInfo.registrationOpen = true;
        config.passwordCost = PasswordHash::Cost::minimum();
        config.tokenCheckIntervalMs = 0;
        m_signIn = std::make_unique<SignIn>(config, m_store->users(), *m_failures, *m_revocations,
            *m_fanout, m_offenders, m_metrics, [] { return QList<ModelInfo>(); });
    }

    void cleanup()
    {
        m_signIn.reset();
        m_fanout.reset();
        m_revocations.reset();
        m_failures.reset();
        m_store.reset();
    }

    void loginOfAClosedConnectionWelcomesNobody()
    {
        QSignalSpy routed(m_fanout.get(), &Fanout::sessionAuthenticated);
        QSignalSpy answers(m_fanout.get(), &Fanout::frameForSession);
        m_signIn->login(session(7), Login { u"l1"_s, u"alice"_s, u"pw"_s });
        QCOMPARE(m_signIn->pendingHashes(), 1);
        m_signIn->forget(7); // the hub hears of the close before the hash is done
        QTRY_COMPARE(m_signIn->pendingHashes(), 0);
        QCOMPARE(routed.count(), 0);
        QCOMPARE(answers.count(), 0);
        QCOMPARE(m_fanout->onlineSessionCount(), 0);
        QVERIFY(!m_fanout->isOnline(m_store->ids().value(u"alice"_s)));
        QString error;
        const auto tokens = m_store->users().tokens(u"alice"_s, &error);
        QVERIFY2(tokens, qPrintable(error));
        QVERIFY(tokens->isEmpty());

        // The same login on an open connection is welcomed and counted online.
        m_signIn->login(session(8), Login { u"l2"_s, u"alice"_s, u"pw"_s });
        QTRY_COMPARE(routed.count(), 1);
        QCOMPARE(m_fanout->onlineSessionCount(), 1);
        QVERIFY(m_fanout->isOnline(m_store->ids().value(u"alice"_s)));
        m_fanout->sessionClosed(8);
        QCOMPARE(m_fanout->onlineSessionCount(), 0);
    }

    void wrongPasswordOfAClosedConnectionStillCounts()
    {
        m_signIn->login(session(7), Login { u"l1"_s, u"alice"_s, u"wrong"_s });
        m_signIn->forget(7);
        QTRY_COMPARE(m_signIn->pendingHashes(), 0);
        const auto failures = m_failures->failures(m_store->ids().value(u"alice"_s));
        QVERIFY(failures);
        QCOMPARE(failures->failures, 1);
    }

    void registerOfAClosedConnectionCreatesNoAccount()
    {
        QSignalSpy routed(m_fanout.get(), &Fanout::sessionAuthenticated);
        m_signIn->registerUser(session(9), Register { u"r1"_s, u"carol"_s, u"long enough"_s });
        QCOMPARE(m_signIn->pendingHashes(), 1);
        m_signIn->forget(9);
        QTRY_COMPARE(m_signIn->pendingHashes(), 0);
        QCOMPARE(routed.count(), 0);
        QCOMPARE(m_fanout->onlineSessionCount(), 0);
        QVERIFY(!m_store->users().findByName(u"carol"_s));
    }

    void closingAfterTheWelcomeLeavesNoCount()
    {
        // The other order, end to end: welcomed first, then the connection closes.
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.addUser(u"bob"_s, u"builder1"_s));
        {
            WsTestClient client;
            QVERIFY(client.open(server.url()));
            QVERIFY(client.login(u"bob"_s, u"builder1"_s));
            QCOMPARE(onlineSessions(server), 1);
            client.close();
        }
        QTRY_COMPARE(onlineSessions(server), 0);
        // And a login whose connection is dropped right away, whichever comes first.
        for (int i = 0; i < 5; ++i) {
            WsTestClient client;
            QVERIFY(client.open(server.url()));
            client.send(Login { u"l1"_s, u"bob"_s, u"builder1"_s });
            client.close();
        }
        // Settled: every connection gone (so every login and close was posted to the hub before),
        // the hub's queue worked off (so every hash was started) and every hash finished.
        QTRY_VERIFY(settled(server));
        QCOMPARE(onlineSessions(server), 0);
    }

private:
    static SessionRef session(quint64 id) { return SessionRef { id, QString(), QString(), {} }; }

    static qsizetype onlineSessions(TestServer& server)
    {
        qsizetype count = -1;
        server.inServerThread(
            [&count](Server& s) { count = s.hub()->fanout()->onlineSessionCount(); });
        return count;
    }

    static bool settled(TestServer& server)
    {
        bool settled = false;
        server.inServerThread([&settled](Server& s) {
            Hub& hub = *s.hub();
            settled = hub.metrics().preAuthConnections.value() == 0
                && hub.metrics().signedInConnections.value() == 0 && hub.waitingRequests() == 0
                && hub.signIn()->pendingHashes() == 0;
        });
        return settled;
    }

    std::unique_ptr<StoreFixture> m_store;
    std::unique_ptr<SignInFailureStore> m_failures;
    std::unique_ptr<RevocationLog> m_revocations;
    std::unique_ptr<Fanout> m_fanout;
    OffenderLog m_offenders;
    ServerMetrics m_metrics;
    std::unique_ptr<SignIn> m_signIn;
};

QTEST_GUILESS_MAIN(TestSignInAfterClose)
#include "tst_signinafterclose.moc"
