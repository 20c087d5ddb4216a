// Open registration over WebSocket (on and off, name and password rules, duplicates) and the
// plain-HTTP GET /v1/info a sign-in page reads before anyone has signed in.

#include "app/server.h"
#include "chat/hub.h"
#include "store/userstore.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(palaver::protocol::ErrorCode)

namespace {
TestServer::Options withRegistration(bool open)
{
    TestServer::Options options;
    options.openRegistration = open;
    return options;
}
} // namespace

class TestRegistration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void closedByDefault()
    {
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.addUser(u"alice"_s, u"wonderland"_s));
        WsTestClient client;
        QVERIFY(client.open(server.url()));
        client.send(Register { u"r1"_s, u"carol"_s, u"long enough"_s });
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->id, u"r1"_s);
        QCOMPARE(error->code, ErrorCode::Forbidden);
        QCOMPARE(error->message,
            u"This server does not allow sign-up; ask its administrator for an account"_s);
        QVERIFY(!userExists(server, u"carol"_s));
        // welcome tells a signed-in client too.
        const auto welcome = client.login(u"alice"_s, u"wonderland"_s);
        QVERIFY(welcome);
        QCOMPARE(welcome->server.registrationOpen, false);
    }

    void registersAndSignsIn()
    {
        TestServer server(withRegistration(true));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        WsTestClient client;
        QVERIFY(client.open(server.url()));
        client.send(Register { u"r1"_s, u"carol.c-1"_s, u"long enough"_s });
        const auto welcome = client.waitFor<Welcome>();
        QVERIFY2(welcome,
            client.queue().isEmpty() ? "nothing" : encode(client.queue().first()).constData());
        QCOMPARE(welcome->id, u"r1"_s);
        QCOMPARE(welcome->user.name, u"carol.c-1"_s);
        QVERIFY(!welcome->token.isEmpty());
        QCOMPARE(welcome->server.registrationOpen, true);
        QVERIFY(userExists(server, u"carol.c-1"_s));

        // The session is open: a request that needs one is answered.
        client.send(ConversationsList { u"c1"_s });
        QVERIFY(client.waitFor<ConversationsReply>());

        // The token and the password both work on new connections.
        WsTestClient byToken;
        QVERIFY(byToken.open(server.url()));
        byToken.send(Auth { u"a1"_s, welcome->token });
        QVERIFY(byToken.waitFor<Welcome>());
        WsTestClient byPassword;
        QVERIFY(byPassword.open(server.url()));
        QVERIFY(byPassword.login(u"carol.c-1"_s, u"long enough"_s));

        // The name is now taken.
        WsTestClient other;
        QVERIFY(other.open(server.url()));
        other.send(Register { u"r2"_s, u"carol.c-1"_s, u"another password"_s });
        const auto conflict = other.waitFor<Error>();
        QVERIFY(conflict);
        QCOMPARE(conflict->code, ErrorCode::Conflict);
        QCOMPARE(conflict->id, u"r2"_s);
        // The first password still holds.
        WsTestClient check;
        QVERIFY(check.open(server.url()));
        QVERIFY(check.login(u"carol.c-1"_s, u"long enough"_s));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("mentions");
        const QString good = u"long enough"_s;
        QTest::newRow("too short") << u"ab"_s << good << u"3 to 32"_s;
        QTest::newRow("too long") << QString(33, u'a') << good << u"3 to 32"_s;
        QTest::newRow("space") << u"carol c"_s << good << u"letters"_s;
        QTest::newRow("leading dash") << u"-carol"_s << good << u"starting"_s;
        QTest::newRow("non-ascii") << u"cärol"_s << good << u"letters"_s;
        QTest::newRow("short password") << u"carol"_s << u"1234567"_s << u"at least 8"_s;
    }

    void rejectsBadInput()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(QString, mentions);
        TestServer server(withRegistration(true));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        WsTestClient client;
        QVERIFY(client.open(server.url()));
        client.send(Register { u"r1"_s, username, password });
        const auto error = client.waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::BadRequest);
        QVERIFY2(error->message.contains(mentions), qPrintable(error->message));
        QVERIFY(!userExists(server, username));
        // Still not signed in.
        client.send(ConversationsList { u"c1"_s });
        const auto refused = client.waitFor<Error>();
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCode::Unauthorized);
    }

    void infoEndpoint_data()
    {
        QTest::addColumn<bool>("open");
        QTest::newRow("closed") << false;
        QTest::newRow("open") << true;
    }

    void infoEndpoint()
    {
        QFETCH(bool, open);
        TestServer server(withRegistration(open));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QNetworkAccessManager network;
        std::unique_ptr<QNetworkReply> reply(network.get(
            QNetworkRequest(QUrl(u"http://127.0.0.1:%1/v1/info"_s.arg(server.port())))));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader)
                    .toString()
                    .startsWith(u"application/json"_s));
        const auto info = decodeServerInfo(reply->readAll());
        QVERIFY(info);
        QCOMPARE(info->name, u"palaver-server"_s);
        QVERIFY(!info->version.isEmpty());
        QCOMPARE(info->registrationOpen, open);

        std::unique_ptr<QNetworkReply> post(
            network.post(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/v1/info"_s.arg(server.port()))),
                QByteArray("x")));
        QSignalSpy postFinished(post.get(), &QNetworkReply::finished);
        QVERIFY(postFinished.wait(5000));
        QCOMPARE(post->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 405);
    }

private:
    static bool userExists(TestServer& testServer, const QString& name)
    {
        bool exists = false;
        testServer.inServerThread(
            [&](server::Server& s) { exists = s.hub()->users()->findByName(name).has_value(); });
        return exists;
    }
};

QTEST_GUILESS_MAIN(TestRegistration)
#include "tst_registration.moc"
