#include "rawwsclient.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QTest>

using namespace palaver;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// The one port's plain-HTTP side and the WebSocket handshake rules, over real sockets.
class TestListener : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.errorString())); }

    void healthz()
    {
        const QByteArray answer = RawWsClient::httpExchange(
            m_server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
        QVERIFY(answer.endsWith("\r\n\r\nok"));
    }

    void plainAnswers_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("unknown path")
            << QByteArray("GET /nope HTTP/1.1\r\n\r\n") << QByteArray("404");
        QTest::newRow("ws without upgrade")
            << QByteArray("GET /v1/ws HTTP/1.1\r\n\r\n") << QByteArray("426");
        QTest::newRow("post health")
            << QByteArray("POST /healthz HTTP/1.1\r\n\r\n") << QByteArray("405");
        QTest::newRow("garbage") << QByteArray("\x01\x02garbage\r\n\r\n") << QByteArray("400");
    }

    void plainAnswers()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        const QByteArray answer = RawWsClient::httpExchange(m_server.port(), request);
        QVERIFY2(answer.startsWith("HTTP/1.1 " + status + ' '), answer.constData());
    }

    void subprotocols()
    {
        RawWsClient other;
        QCOMPARE(other.open(m_server.port(), "chat.v2, superchat"), 400);
        RawWsClient none;
        QCOMPARE(none.open(m_server.port(), QByteArray()), 101);
        RawWsClient ours;
        QCOMPARE(ours.open(m_server.port(), "chat.v2, palaver.v1"), 101);

        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        QCOMPARE(client.socket().subprotocol(), u"palaver.v1"_s);
    }

    void stillServesAfterwards()
    {
        QVERIFY(m_server.addUser(u"ann"_s, u"pw"_s));
        WsTestClient client;
        QVERIFY(client.open(m_server.url(), {}));
        QVERIFY(client.login(u"ann"_s, u"pw"_s));
    }

private:
    TestServer m_server;
};

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
