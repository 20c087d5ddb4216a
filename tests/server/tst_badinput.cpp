#include "rawwsclient.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QRandomGenerator>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// Every class of bad input gets its typed error or close code, the connection survives what is
/// not abuse, and the server keeps serving new connections afterwards.
class TestBadInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.addUser(u"alice"_s, u"a"_s));
    }

    void errorsKeepConnection_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("id");
        QTest::newRow("malformed json")
            << u"{\"type\":\"ping\",\"id\":"_s << ErrorCode::BadRequest << QString();
        QTest::newRow("not an object") << u"[1,2,3]"_s << ErrorCode::BadRequest << QString();
        QTest::newRow("no type") << u"{\"id\":\"q\"}"_s << ErrorCode::BadRequest << u"q"_s;
        QTest::newRow("wrong field type")
            << u"{\"type\":\"conversation.create\",\"id\":\"q\",\"title\":5}"_s
            << ErrorCode::BadRequest << u"q"_s;
        QTest::newRow("missing field")
            << u"{\"type\":\"history\",\"id\":\"q\"}"_s << ErrorCode::BadRequest << u"q"_s;
        QTest::newRow("unknown type")
            << u"{\"type\":\"teleport\",\"id\":\"q\"}"_s << ErrorCode::Unsupported << u"q"_s;
        QTest::newRow("id not a string")
            << u"{\"type\":\"ping\",\"id\":42}"_s << ErrorCode::BadRequest << QString();
        QTest::newRow("id too long")
            << (u"{\"type\":\"ping\",\"id\":\""_s + QString(65, u'x') + u"\"}"_s)
            << ErrorCode::BadRequest << QString();
        QTest::newRow("text too long")
            << (u"{\"type\":\"message.send\",\"id\":\"q\",\"convId\":\"c\",\"clientMsgId\":\"m\",\"text\":\""_s
                   + QString(Limits {}.maxTextChars + 1, u'a') + u"\"}"_s)
            << ErrorCode::TooLarge << u"q"_s;
    }

    void errorsKeepConnection()
    {
        QFETCH(QString, frame);
        QFETCH(ErrorCode, code);
        QFETCH(QString, id);
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        client.sendText(frame);
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, code);
        QCOMPARE(error->id, id);
        QVERIFY(!error->message.isEmpty());
        client.send(Ping { u"after"_s });
        QCOMPARE(client.waitFor<Pong>()->id, u"after"_s);
        QVERIFY(client.undecodable().isEmpty());
    }

    void oversizeFrameCloses1009()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.sendText(QString(int(Limits {}.maxFrameBytes) + 1024, u'a'));
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), closecode::tooBig);
    }

    void oversizeRawFrameCloses1009()
    {
        RawWsClient raw;
        QCOMPARE(raw.open(m_server.port()), 101);
        raw.sendFrameHead(0x1, quint64(Limits {}.maxFrameBytes) + 1);
        QCOMPARE(raw.waitForCloseCode(), closecode::tooBig);
    }

    void binaryFrameCloses1003()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.sendBinary("\x00\x01\x02");
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), closecode::unsupportedData);
    }

    void invalidUtf8Closes1007()
    {
        RawWsClient raw;
        QCOMPARE(raw.open(m_server.port()), 101);
        raw.sendFrame(0x1, QByteArray("{\"type\":\"ping\",\"id\":\"\xff\xfe\"}"));
        QCOMPARE(raw.waitForCloseCode(), closecode::invalidPayload);
    }

    void rawValidFrameIsAnswered()
    {
        // The control for the two raw tests above: a well-formed frame gets an answer.
        RawWsClient raw;
        QCOMPARE(raw.open(m_server.port()), 101);
        raw.sendFrame(0x1, encode(ClientMessage(Ping { u"raw"_s })));
        const auto decoded = decodeServerMessage(raw.readTextFrame());
        QVERIFY(decoded.ok());
        QCOMPARE(std::get<Pong>(*decoded.message).id, u"raw"_s);
    }

    void garbageNeverCrashes()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        QRandomGenerator random(1234);
        const QStringList seeds { u"{\"type\":\"login\"}"_s,
            u"{\"type\":\"message.send\",\"convId\":[]}"_s, u"{\"type\":null}"_s, u"null"_s,
            u"\"str\""_s, u"{}"_s, u"{\"type\":\"sync\",\"afterSeq\":-1}"_s,
            u"{\"type\":\"history\",\"convId\":\"x\",\"limit\":100000}"_s };
        int sent = 0;
        for (const QString& seed : seeds) {
            client.sendText(seed);
            ++sent;
            QString mutated = seed;
            for (int i = 0; i < 20; ++i) {
                mutated[random.bounded(int(mutated.size()))] = QChar(u' ' + random.bounded(90));
                client.sendText(mutated);
                ++sent;
            }
        }
        client.send(Ping { u"end"_s });
        QVERIFY(client.waitFor<Pong>(10000));
        QVERIFY(client.isConnected());
    }

    void stillServesNewConnections()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        client.send(ConversationsList { u"l"_s });
        QVERIFY(client.waitFor<ConversationsReply>());
    }

private:
    TestServer m_server;
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
