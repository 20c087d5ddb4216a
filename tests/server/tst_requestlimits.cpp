// Request rates: a message flood is refused past its burst with rate_limited and retryAfterMs
// (and the refused message goes through when sent again later), typing is not relayed past its
// rate, a connection that ignores the refusals is closed (1008), and one user's flood of
// requests does not make another user wait (the hub serves users in turn, with a bounded line).
#include "testserver.h"
#include "wstestclient.h"

#include <QElapsedTimer>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

class TestRequestLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        TestServer::Options options;
        server::RequestLimits& r = options.serverLimits.requests;
        r.messages = { 5, 60 }; // five at once, then one a second
        r.typing = { 3, 6 };
        r.perConnection = { 300, 60000 };
        r.closeAfterRefusals = 100;
        r.maxQueuedPerUser = 50;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"a"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"b"_s));
    }

    void cleanupTestCase() { m_server.reset(); }

    void messageFloodIsRefusedPastTheBurst()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        const auto room = alice.createRoom(u"flood"_s, {});
        QVERIFY(room);
        for (int i = 0; i < 20; ++i)
            alice.send(MessageSend { u"m%1"_s.arg(i), room->convId, u"cm-%1"_s.arg(i), u"hi"_s });
        int acks = 0;
        int limited = 0;
        qint64 retryAfter = 0;
        for (int i = 0; i < 20; ++i) {
            const auto answer = alice.waitForAnswer(u"m%1"_s.arg(i));
            QVERIFY(answer);
            if (std::holds_alternative<Ack>(*answer)) {
                ++acks;
            } else {
                const Error& error = std::get<Error>(*answer);
                QCOMPARE(error.code, ErrorCode::RateLimited);
                QVERIFY(error.retryAfterMs.value_or(0) > 0);
                retryAfter = *error.retryAfterMs;
                ++limited;
            }
        }
        QVERIFY2(acks >= 5 && acks <= 6, qPrintable(QString::number(acks)));
        QCOMPARE(acks + limited, 20);
        // The last refused one, sent again after retryAfterMs, is stored once.
        QTest::qWait(int(retryAfter) + 50);
        alice.send(MessageSend { u"again"_s, room->convId, u"cm-19"_s, u"hi"_s });
        const auto again = alice.waitForAnswer(u"again"_s);
        QVERIFY(again && std::holds_alternative<Ack>(*again));
        QCOMPARE(std::get<Ack>(*again).duplicate, false);
    }

    void typingIsNotRelayedPastItsRate()
    {
        WsTestClient alice, bob;
        QVERIFY(alice.open(m_server->url()) && bob.open(m_server->url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));
        const auto room = alice.createRoom(u"typing"_s, { u"bob"_s });
        QVERIFY(room);
        QVERIFY(bob.waitFor<ConversationReply>());
        for (int i = 0; i < 60; ++i)
            alice.send(TypingRequest { QString(), room->convId, i % 2 == 0 });
        alice.send(Ping { u"done"_s });
        QVERIFY(alice.waitFor<Pong>());
        bob.send(Ping { u"b"_s });
        QVERIFY(bob.waitFor<Pong>());
        const int relayed = int(bob.takeAll<TypingEvent>().size());
        QVERIFY2(relayed >= 3 && relayed <= 5, qPrintable(QString::number(relayed)));
    }

    void connectionIgnoringRefusalsIsClosed()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server->url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        const auto room = alice.createRoom(u"ignored"_s, {});
        QVERIFY(room);
        for (int i = 0; i < 400; ++i)
            alice.send(TypingRequest { QString(), room->convId, true });
        QVERIFY(alice.waitForDisconnected(10000));
        QCOMPARE(alice.closeCode(), closecode::policyViolation);
    }

    void floodDoesNotStarveOthers()
    {
        WsTestClient flooder, bob;
        QVERIFY(flooder.open(m_server->url()) && bob.open(m_server->url()));
        QVERIFY(flooder.login(u"alice"_s, u"a"_s));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));
        // Requests that each cost the hub a query, far more than its line holds for one user.
        for (int i = 0; i < 280; ++i)
            flooder.send(ConversationsList { u"f%1"_s.arg(i) });
        QElapsedTimer timer;
        timer.start();
        bob.send(ConversationsList { u"mine"_s });
        QVERIFY(bob.waitForAnswer(u"mine"_s, 10000));
        const qint64 waited = timer.elapsed();
        // Bob is served in turn with the flooder, not after its 280 requests.
        QVERIFY2(waited < 1000, qPrintable(QString::number(waited)));
        int refused = 0;
        for (int i = 0; i < 280; ++i) {
            const auto answer = flooder.waitForAnswer(u"f%1"_s.arg(i), 20000);
            QVERIFY(answer);
            if (const auto* error = std::get_if<Error>(&*answer)) {
                QCOMPARE(error->code, ErrorCode::RateLimited);
                ++refused;
            }
        }
        QVERIFY2(refused > 0, "the hub's line for one user is not bounded");
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestRequestLimits)
#include "tst_requestlimits.moc"
