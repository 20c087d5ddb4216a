// An address without a scheme tries wss:// first and falls back to ws:// only when the server
// plainly speaks no TLS; the session does not send a password in the clear to a server that
// turned out plain until the warning has been shown.

#include "fakeserver.h"
#include "net/connection.h"
#include "session/clientsession.h"
#include "session/serverurl.h"
#include "thishost.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::Connection;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 10000;

/// The front of a plain palaver-server, in small: a TLS hello (first byte 0x16) is not HTTP and
/// gets "400 Bad Request"; anything else is a WebSocket handshake for the fake server.
class PlainFront : public QObject
{
public:
    explicit PlainFront(FakeServer& webSockets)
        : m_webSockets(webSockets)
    {
        connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_tcp.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
        });
    }
    bool listen(const QHostAddress& address) { return m_tcp.listen(address, 0); }
    quint16 port() const { return m_tcp.serverPort(); }
    int tlsHellos = 0;

private:
    void inspect(QTcpSocket* socket)
    {
        disconnect(socket, nullptr, this, nullptr);
        if (socket->peek(1).startsWith('\x16')) {
            ++tlsHellos;
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            return;
        }
        m_webSockets.server().handleConnection(socket);
    }

    QTcpServer m_tcp;
    FakeServer& m_webSockets;
};
} // namespace

class TstSchemeFallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void aPlainServerAnswering400IsReachedOverWs();
    void aServerClosingDuringTheHelloIsReachedOverWs();
    void reconnectsUseTheUrlThatWorked();
    void nothingListeningIsNotAFallback();
    void theSessionWarnsBeforeSendingAPasswordInTheClear();
    void theWarningFollowsTheAddress();

private:
    QList<QUrl> candidates(const QString& host, quint16 port) const
    {
        return { QUrl(u"wss://%1:%2/v1/ws"_s.arg(host).arg(port)),
            QUrl(u"ws://%1:%2/v1/ws"_s.arg(host).arg(port)) };
    }

    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<PlainFront> m_front;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TstSchemeFallback::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
}

void TstSchemeFallback::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeServer>();
    m_front = std::make_unique<PlainFront>(*m_server);
    QVERIFY(m_front->listen(QHostAddress::LocalHost));
}

void TstSchemeFallback::aPlainServerAnswering400IsReachedOverWs()
{
    Connection connection;
    QSignalSpy opened(&connection, &Connection::socketOpened);
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    QSignalSpy errors(&connection, &Connection::connectionError);
    connection.open(candidates(u"127.0.0.1"_s, m_front->port()), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
    QCOMPARE(m_front->tlsHellos, 1);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().at(0).toUrl(), candidates(u"127.0.0.1"_s, m_front->port()).at(1));
    QCOMPARE(opened.first().at(1).toBool(), true);
    QCOMPARE(connection.url().scheme(), u"ws"_s);
    QVERIFY(!connection.isEncrypted());
    QCOMPARE(errors.size(), 0); // the failed TLS attempt is no error for the user
}

void TstSchemeFallback::aServerClosingDuringTheHelloIsReachedOverWs()
{
    // QWebSocketServer waits for an HTTP head that a TLS hello never completes, then hangs up.
    m_server->server().setHandshakeTimeout(200);
    QVERIFY(m_server->listen());
    Connection connection;
    QSignalSpy opened(&connection, &Connection::socketOpened);
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(candidates(u"127.0.0.1"_s, m_server->port()), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().at(1).toBool(), true);
    QCOMPARE(connection.url().scheme(), u"ws"_s);
}

void TstSchemeFallback::reconnectsUseTheUrlThatWorked()
{
    Connection connection;
    connection.setAutoReconnectDelay(20);
    QSignalSpy opened(&connection, &Connection::socketOpened);
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(candidates(u"127.0.0.1"_s, m_front->port()), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(welcomed.size(), 2, kTimeout);
    QCOMPARE(m_front->tlsHellos, 1); // no second TLS attempt
    QCOMPARE(opened.size(), 2);
    QCOMPARE(opened.last().at(0).toUrl().scheme(), u"ws"_s);
    QCOMPARE(opened.last().at(1).toBool(), false);
}

void TstSchemeFallback::nothingListeningIsNotAFallback()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    Connection connection;
    QSignalSpy errors(&connection, &Connection::connectionError);
    QSignalSpy closedSpy(&connection, &Connection::closed);
    connection.open(candidates(u"127.0.0.1"_s, port), { u"ada"_s, u"secret"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(closedSpy.size(), 1, kTimeout);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(connection.url().scheme(), u"wss"_s); // the error names the address tried first
}

void TstSchemeFallback::theSessionWarnsBeforeSendingAPasswordInTheClear()
{
    // A name that is not loopback by its spelling but reaches this machine: the host's own name.
    const auto [host, address] = palaver::test::thisHost();
    if (host.isEmpty())
        QSKIP("this machine's name does not resolve to an IPv4 address");
    m_front = std::make_unique<PlainFront>(*m_server);
    if (!m_front->listen(address))
        QSKIP("cannot listen on the address of this machine's name");
    const QString typed = u"%1:%2"_s.arg(host).arg(m_front->port());

    ClientSession session(m_dir->filePath(u"palaver.ini"_s));
    QVERIFY(session.insecureWarning().isEmpty());
    session.signIn(typed, u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
    QVERIFY(!session.signedIn());
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 0); // the password stayed here
    QVERIFY2(session.errorText().contains(u"does not offer an encrypted connection"_s),
        qPrintable(session.errorText()));
    QVERIFY(session.insecureWarning().contains(typed));

    // The warning was on the page: signing in again goes, over ws.
    session.signIn(typed, u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 1);
    QVERIFY(!session.connectionEncrypted());
    QCOMPARE(QUrl(session.serverUrl()).scheme(), u"ws"_s);
    QVERIFY(!session.insecureWarning().isEmpty());
}

void TstSchemeFallback::theWarningFollowsTheAddress()
{
    ClientSession session(m_dir->filePath(u"palaver.ini"_s));
    QSignalSpy changed(&session, &ClientSession::insecureWarningChanged);
    session.checkServer(u"ws://chat.invalid:8765"_s);
    QVERIFY(session.insecureWarning().contains(u"chat.invalid:8765"_s));
    QCOMPARE(changed.size(), 1);
    session.checkServer(u"http://chat.invalid"_s);
    QVERIFY(session.insecureWarning().contains(u"chat.invalid does not use TLS"_s));
    session.checkServer(u"wss://chat.invalid:8765"_s);
    QCOMPARE(session.insecureWarning(), QString());
    session.checkServer(u"ws://127.0.0.1:8765/v1/ws"_s);
    QCOMPARE(session.insecureWarning(), QString());
    session.checkServer(u"ws://[::1]:8765"_s);
    QCOMPARE(session.insecureWarning(), QString());
    session.checkServer(u"chat.invalid:8765"_s); // unknown yet: wss is tried first
    QCOMPARE(session.insecureWarning(), QString());
    session.checkServer(u"ws://chat.invalid:8765"_s);
    QVERIFY(!session.insecureWarning().isEmpty());
    session.checkServer(QString());
    QCOMPARE(session.insecureWarning(), QString());
}

QTEST_GUILESS_MAIN(TstSchemeFallback)
#include "tst_schemefallback.moc"
