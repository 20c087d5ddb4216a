// Who may connect and how much a connection may hold: the sign-in deadline, the frame limits
// before and after sign-in (and the 1009 that must reach the client), fragments that never
// complete, caps per address (through a trusted proxy) and per account, browser origins.
#include "rawwsclient.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QElapsedTimer>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QByteArray forwardedFor(const char* address)
{
    return QByteArray("X-Forwarded-For: ") + address + "\r\n";
}

QByteArray loginFrame(const QString& id, const QString& name, const QString& password)
{
    return encode(ClientMessage(Login { id, name, password }));
}
} // namespace

class TestConnectionLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        TestServer::Options options;
        server::ConnectionLimits& c = options.serverLimits.connections;
        c.preAuthTimeoutMs = 1500;
        c.fragmentedMessageTimeoutMs = 500;
        c.maxPreAuthPerIp = 3;
        c.maxConnectionsPerIp = 5;
        c.maxSessionsPerUser = 2;
        c.trustedProxies = { { QHostAddress::LocalHost, 32 } };
        c.allowedOrigins = { u"https://chat.example.com"_s };
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"a"_s));
        QVERIFY(m_server->addUser(u"bob"_s, u"b"_s));
        QVERIFY(m_server->addUser(u"carol"_s, u"c"_s));
        QVERIFY(m_server->addUser(u"dave"_s, u"d"_s));
        // The first sign-in of a process computes the dummy hash unknown names are checked
        // against (0.1 s, more on a loaded machine): not within a test's short deadline.
        WsTestClient warmUp;
        QVERIFY(warmUp.open(m_server->url()));
        QVERIFY(warmUp.login(u"alice"_s, u"a"_s));
    }

    void cleanupTestCase() { m_server.reset(); }

    void silentConnectionIsClosedAtTheSignInDeadline()
    {
        RawWsClient raw;
        QCOMPARE(raw.open(m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.1")), 101);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(raw.waitForCloseCode(5000), closecode::policyViolation);
        QVERIFY2(timer.elapsed() >= 1000, qPrintable(QString::number(timer.elapsed())));
    }

    void signedInConnectionOutlivesTheDeadline()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server->url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        QTest::qWait(2000); // past the deadline: nothing may happen
        QVERIFY(client.isConnected());
        client.send(Ping { u"p"_s });
        QVERIFY(client.waitFor<Pong>());
    }

    void frameLimitIsSmallUntilSignIn()
    {
        const QString big
            = u"{\"type\":\"ping\",\"id\":\"x\",\"pad\":\""_s + QString(20000, u'a') + u"\"}"_s;
        WsTestClient stranger;
        QVERIFY(stranger.open(m_server->url()));
        stranger.sendText(big);
        QVERIFY(stranger.waitForDisconnected());
        QCOMPARE(stranger.closeCode(), closecode::tooBig);

        WsTestClient member;
        QVERIFY(member.open(m_server->url()));
        QVERIFY(member.login(u"alice"_s, u"a"_s));
        member.sendText(big); // unknown fields are ignored: a pong
        QVERIFY(member.waitFor<Pong>());
        QVERIFY(member.isConnected());
    }

    void oversizeFrameAfterSignInAlwaysGets1009()
    {
        // The whole frame is on its way when the server refuses it: without lingering, the
        // unread rest resets the connection and the client sees 1006 most of the time.
        for (int attempt = 0; attempt < 8; ++attempt) {
            WsTestClient client;
            QVERIFY(client.open(m_server->url()));
            QVERIFY(client.login(u"bob"_s, u"b"_s));
            client.sendText(QString(int(Limits {}.maxFrameBytes) * 2, u'a'));
            QVERIFY(client.waitForDisconnected(10000));
            QCOMPARE(client.closeCode(), closecode::tooBig);
        }
    }

    void unfinishedFragmentedMessageIsClosed()
    {
        WsTestClient member;
        QVERIFY(member.open(m_server->url()));
        QVERIFY(member.login(u"alice"_s, u"a"_s));
        RawWsClient raw;
        QCOMPARE(raw.open(m_server->port()), 101);
        raw.sendFrame(0x1, loginFrame(u"l"_s, u"alice"_s, u"a"_s));
        QVERIFY(!raw.readTextFrame().isNull()); // welcome
        QElapsedTimer timer;
        timer.start();
        raw.sendFrame(0x1, "{\"type\":\"ping\",", false); // the first fragment, and no more
        QCOMPARE(raw.waitForCloseCode(5000), closecode::policyViolation);
        QVERIFY2(timer.elapsed() < 1400, qPrintable(QString::number(timer.elapsed())));
    }

    void preAuthConnectionsPerAddressBehindAProxy()
    {
        std::vector<std::unique_ptr<RawWsClient>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<RawWsClient>());
            QCOMPARE(held.back()->open(
                         m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.20")),
                101);
        }
        RawWsClient fourth;
        QCOMPARE(
            fourth.open(m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.20")), 429);
        // Another client behind the same proxy is not affected; the proxy's own address is not
        // what counts.
        RawWsClient other;
        QCOMPARE(
            other.open(m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.21")), 101);
        // One signs in: its place among the unauthenticated is free again.
        held.front()->sendFrame(0x1, loginFrame(u"l"_s, u"alice"_s, u"a"_s));
        QVERIFY(!held.front()->readTextFrame().isNull());
        RawWsClient again;
        QCOMPARE(
            again.open(m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.20")), 101);
    }

    void connectionsPerAddress()
    {
        std::vector<std::unique_ptr<WsTestClient>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<WsTestClient>());
            QNetworkRequest request(m_server->url());
            request.setRawHeader("Sec-WebSocket-Protocol", "palaver.v1");
            request.setRawHeader("X-Forwarded-For", "198.51.100.30");
            held.back()->socket().open(request);
            QTRY_COMPARE(held.back()->socket().state(), QAbstractSocket::ConnectedState);
            QVERIFY(held.back()->login(i % 2 ? u"carol"_s : u"dave"_s, i % 2 ? u"c"_s : u"d"_s));
        }
        RawWsClient fifth;
        QCOMPARE(
            fifth.open(m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.30")), 101);
        RawWsClient sixth;
        QCOMPARE(
            sixth.open(m_server->port(), "palaver.v1", 5000, forwardedFor("198.51.100.30")), 429);
    }

    void sessionsPerAccount()
    {
        WsTestClient first, second, third;
        for (WsTestClient* c : { &first, &second, &third })
            QVERIFY(c->open(m_server->url()));
        QVERIFY(first.login(u"bob"_s, u"b"_s));
        QVERIFY(second.login(u"bob"_s, u"b"_s));
        third.send(Login { u"l3"_s, u"bob"_s, u"b"_s });
        QVERIFY(third.waitForDisconnected());
        QCOMPARE(third.closeCode(), closecode::policyViolation);
        // One goes: the next may come.
        first.close();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                WsTestClient again;
                return again.open(m_server->url()) && again.login(u"bob"_s, u"b"_s)
                    && again.isConnected();
            }(),
            5000);
    }

    void browserOrigins()
    {
        RawWsClient evil;
        QCOMPARE(
            evil.open(m_server->port(), "palaver.v1", 5000, "Origin: https://evil.example\r\n"),
            403);
        RawWsClient listed;
        QCOMPARE(listed.open(
                     m_server->port(), "palaver.v1", 5000, "Origin: https://chat.example.com\r\n"),
            101);
        RawWsClient native;
        QCOMPARE(native.open(m_server->port()), 101);
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"
