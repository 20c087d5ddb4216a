#include "fakeserver.h"
#include "session/clientsession.h"
#include "session/serverinfoprobe.h"
#include "sessionfiles.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::ServerInfoProbe;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;

/// A tiny HTTP server: answers every request with `status` and `body`, and remembers the
/// request lines it was sent.
class HttpStub : public QObject
{
public:
    QByteArray status = "200 OK";
    QByteArray body;
    QList<QByteArray> requestLines;

    HttpStub()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRead(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString address() const { return u"127.0.0.1:%1"_s.arg(m_server.serverPort()); }

private:
    void onRead(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        requestLines.append(buffer.left(buffer.indexOf("\r\n")));
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n"
            + body);
        socket->disconnectFromHost();
        m_buffers.remove(socket);
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace

/// Creating an account from the client (`register`, then signed in like a sign-in) and asking a
/// server whether it allows that (GET /v1/info).
class TstSignUp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void signUpCreatesTheAccountAndSignsIn();
    void signUpRefusals_data();
    void signUpRefusals();
    void signUpNeedsNameAndPassword();
    void infoUrl_data();
    void infoUrl();
    void checkServerReadsRegistrationOpen();
    void checkServerFailuresMeanClosed();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstSignUp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
}

void TstSignUp::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TstSignUp::signUpCreatesTheAccountAndSignsIn()
{
    m_server->registrationOpen = true;
    ClientSession session(settingsFile());
    session.connection()->backoff().setInitialMs(20);
    session.connection()->backoff().setCapMs(40);
    session.signUp(m_server->address(), u" carol "_s, u"a long passphrase"_s);
    QVERIFY(session.busy());
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    const auto registers = m_server->receivedOf<protocol::Register>();
    QCOMPARE(registers.size(), 1);
    QCOMPARE(registers.first().username, u"carol"_s);
    QCOMPARE(registers.first().password, u"a long passphrase"_s);
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 0);
    // Signed in exactly like signIn: remembered, with the token the welcome brought.
    QVERIFY(session.hasRememberedSession());
    QCOMPARE(session.username(), u"carol"_s);
    QCOMPARE(palaver::test::savedToken(settingsFile()), m_server->token);
    QVERIFY(session.errorText().isEmpty());
    // A reconnect uses that token; the account is not created twice.
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::Auth>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().first().token, m_server->token);
    QCOMPARE(m_server->receivedOf<protocol::Register>().size(), 1);
}

void TstSignUp::signUpRefusals_data()
{
    QTest::addColumn<bool>("open");
    QTest::addColumn<QString>("expected");
    QTest::newRow("closed") << false
                            << u"Sign-up failed: This server does not allow sign-up; ask its "
                               "administrator for an account"_s;
    QTest::newRow("taken") << true << u"Sign-up failed: The name 'ada' is taken; choose another"_s;
}

void TstSignUp::signUpRefusals()
{
    QFETCH(bool, open);
    QFETCH(QString, expected);
    m_server->registrationOpen = open;
    m_server->takenNames = { u"ada"_s };
    ClientSession session(settingsFile());
    session.signUp(m_server->address(), u"ada"_s, u"a long passphrase"_s);
    QTRY_COMPARE_WITH_TIMEOUT(session.errorText(), expected, kTimeout);
    QVERIFY(!session.signedIn());
    QVERIFY(!session.busy());
    QVERIFY(!session.hasRememberedSession());
    // A plain sign-in afterwards says "Sign-in", not "Sign-up".
    session.signIn(m_server->address(), u"ada"_s, u"wrong"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        session.errorText(), u"Sign-in failed: Wrong username or password"_s, kTimeout);
}

void TstSignUp::signUpNeedsNameAndPassword()
{
    ClientSession session(settingsFile());
    session.signUp(m_server->address(), u"  "_s, u"a long passphrase"_s);
    QCOMPARE(session.errorText(), u"Enter a username and a password."_s);
    QVERIFY(!session.busy());
    QCOMPARE(m_server->receivedOf<protocol::Register>().size(), 0);
}

void TstSignUp::infoUrl_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host:port") << u"127.0.0.1:8765"_s << u"http://127.0.0.1:8765/v1/info"_s;
    QTest::newRow("ws") << u"ws://chat.example:8765/v1/ws"_s
                        << u"http://chat.example:8765/v1/info"_s;
    QTest::newRow("wss behind a prefix")
        << u"wss://example.org/palaver/v1/ws"_s << u"https://example.org/palaver/v1/info"_s;
    QTest::newRow("https") << u"https://example.org"_s << u"https://example.org/v1/info"_s;
    QTest::newRow("http") << u"http://example.org:80/"_s << u"http://example.org:80/v1/info"_s;
}

void TstSignUp::infoUrl()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    const auto url = ServerInfoProbe::infoUrl(typed);
    QVERIFY(url);
    QCOMPARE(url->toString(), expected);
    QVERIFY(!ServerInfoProbe::infoUrl(u"ftp://nope"_s));
}

void TstSignUp::checkServerReadsRegistrationOpen()
{
    HttpStub http;
    QVERIFY(http.listen());
    http.body = R"({"name":"palaver-server","version":"0.1.0","registrationOpen":true})";
    ClientSession session(settingsFile());
    QSignalSpy changed(&session, &ClientSession::registrationOpenChanged);
    QVERIFY(!session.registrationOpen());
    session.checkServer(http.address());
    QTRY_VERIFY_WITH_TIMEOUT(session.registrationOpen(), kTimeout);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(http.requestLines, QList<QByteArray> { "GET /v1/info HTTP/1.1" });
    QCOMPARE(session.property("registrationOpen").toBool(), true);

    // The same server with registration off.
    http.body = R"({"name":"palaver-server","version":"0.1.0","registrationOpen":false})";
    session.checkServer(u"ws://%1/v1/ws"_s.arg(http.address()));
    QTRY_VERIFY_WITH_TIMEOUT(!session.registrationOpen(), kTimeout);
    QCOMPARE(http.requestLines.size(), 2);
}

void TstSignUp::checkServerFailuresMeanClosed()
{
    HttpStub http;
    QVERIFY(http.listen());
    http.body = R"({"name":"palaver-server","version":"0.1.0","registrationOpen":true})";
    ClientSession session(settingsFile());
    session.checkServer(http.address());
    QTRY_VERIFY_WITH_TIMEOUT(session.registrationOpen(), kTimeout);

    QSignalSpy answers(session.serverInfoProbe(), &ServerInfoProbe::finished);
    // Not a Palaver answer.
    http.status = "404 Not Found";
    http.body = "not found";
    session.checkServer(http.address());
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 1, kTimeout);
    QCOMPARE(answers.at(0), (QList<QVariant> { false, false }));
    QVERIFY(!session.registrationOpen());

    // Open again, then nobody listening there.
    http.status = "200 OK";
    http.body = R"({"name":"palaver-server","version":"0.1.0","registrationOpen":true})";
    session.checkServer(http.address());
    QTRY_VERIFY_WITH_TIMEOUT(session.registrationOpen(), kTimeout);
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    answers.clear();
    session.checkServer(u"127.0.0.1:%1"_s.arg(port));
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 1, kTimeout);
    QVERIFY(!session.registrationOpen());
    // Not an address at all.
    session.checkServer(u"::::"_s);
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(1), (QList<QVariant> { false, false }));
}

QTEST_GUILESS_MAIN(TstSignUp)
#include "tst_signup.moc"
