#include "testserver.h"
#include "wstestclient.h"

#include <QTest>
#include <QUuid>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// Login, token auth and the gate before authentication.
class TestSessions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.addUser(u"alice"_s, u"wonderland"_s));
    }

    void loginOk()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.send(Login { u"l1"_s, u"alice"_s, u"wonderland"_s });
        const auto welcome = client.waitFor<Welcome>();
        QVERIFY(welcome);
        QCOMPARE(welcome->id, u"l1"_s);
        QCOMPARE(welcome->protocol, 1);
        QCOMPARE(welcome->user.name, u"alice"_s);
        QVERIFY(!welcome->user.id.isEmpty());
        QVERIFY(welcome->token.size() >= 40);
        QCOMPARE(welcome->server.name, u"palaver-server"_s);
        QCOMPARE(welcome->models.size(), 1);
        QVERIFY(welcome->models.first().isDefault);
        QCOMPARE(welcome->limits, Limits {});
    }

    void loginWrongPassword()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.send(Login { u"l2"_s, u"alice"_s, u"wrong"_s });
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->id, u"l2"_s);
        QCOMPARE(error->code, ErrorCode::Unauthorized);
        client.send(Login { u"l3"_s, u"nobody"_s, u"wonderland"_s });
        QCOMPARE(client.waitFor<Error>()->code, ErrorCode::Unauthorized);
        // Still connected, still unauthenticated.
        client.send(ConversationsList { u"c"_s });
        QCOMPARE(client.waitFor<Error>()->code, ErrorCode::Unauthorized);
        QVERIFY(client.queue().isEmpty());
        QVERIFY(client.isConnected());
    }

    void authWithToken()
    {
        WsTestClient first;
        QVERIFY(first.open(m_server.url()));
        const auto welcome = first.login(u"alice"_s, u"wonderland"_s);
        QVERIFY(welcome);

        WsTestClient second;
        QVERIFY(second.open(m_server.url()));
        second.send(Auth { u"a1"_s, welcome->token });
        const auto again = second.waitFor<Welcome>();
        QVERIFY(again);
        QCOMPARE(again->id, u"a1"_s);
        QCOMPARE(again->user, welcome->user);
        QVERIFY(again->token.isEmpty());
        second.send(ConversationsList { u"c"_s });
        QVERIFY(second.waitFor<ConversationsReply>());
    }

    void authBadToken()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.send(Auth { u"a2"_s, u"not-a-token"_s });
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->id, u"a2"_s);
        QCOMPARE(error->code, ErrorCode::Unauthorized);
    }

    void gateBeforeAuth_data()
    {
        QTest::addColumn<QString>("frame");
        const QString conv = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QTest::newRow("list") << QString::fromUtf8(encode(ConversationsList { u"r"_s }));
        QTest::newRow("create") << QString::fromUtf8(
            encode(ConversationCreate { u"r"_s, {}, {}, {} }));
        QTest::newRow("history") << QString::fromUtf8(
            encode(HistoryRequest { u"r"_s, conv, {}, 10 }));
        QTest::newRow("sync") << QString::fromUtf8(encode(SyncRequest { u"r"_s, conv, 0 }));
        QTest::newRow("send") << QString::fromUtf8(
            encode(MessageSend { u"r"_s, conv, conv, u"hi"_s }));
        QTest::newRow("stop") << QString::fromUtf8(encode(GenerationStop { u"r"_s, conv }));
        QTest::newRow("resume") << QString::fromUtf8(encode(GenerationResume { u"r"_s, conv, 0 }));
    }

    void gateBeforeAuth()
    {
        QFETCH(QString, frame);
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.sendText(frame);
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::Unauthorized);
        QCOMPARE(error->id, u"r"_s);
    }

    void pingBeforeAuth()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        client.send(Ping { u"p"_s });
        const auto pong = client.waitFor<Pong>();
        QVERIFY(pong);
        QCOMPARE(pong->id, u"p"_s);
    }

    void repeatedFailedLoginsClose()
    {
        WsTestClient client;
        QVERIFY(client.open(m_server.url()));
        // One at a time: a sign-in sent while another is answered is refused (tst_signinthrottle).
        for (int i = 0; i < 5; ++i) {
            const QString id = u"x%1"_s.arg(i);
            client.send(Login { id, u"alice"_s, u"guess%1"_s.arg(i) });
            const auto answer = client.waitForAnswer(id);
            QVERIFY(answer);
            QCOMPARE(std::get<Error>(*answer).code, ErrorCode::Unauthorized);
        }
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), closecode::policyViolation);
    }

private:
    TestServer m_server;
};

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
