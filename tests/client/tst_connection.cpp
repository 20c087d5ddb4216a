#include "fakeserver.h"
#include "net/connection.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::Connection;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;
}

/// Connection against the fake server: sign-in, request ids, close codes, reconnects.
class TstConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void sendNeedsOnline();
    void requestIdsAreUniqueAndEchoed();
    void loginTokenUsedForReconnect();
    void autoReconnectAfterDrop();
    void noAutoReconnectAfterClose();
    void sessionInvalidOn4401();
    void silentPeerTimesOut();

private:
    QUrl url() const { return QUrl(u"ws://%1/v1/ws"_s.arg(m_server->address())); }
    void openAndWait(Connection& connection);

    std::unique_ptr<FakeServer> m_server;
};

void TstConnection::init()
{
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
}

void TstConnection::openAndWait(Connection& connection)
{
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(url(), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
    QCOMPARE(connection.state(), Connection::State::Online);
}

void TstConnection::sendNeedsOnline()
{
    Connection connection;
    QCOMPARE(connection.state(), Connection::State::Offline);
    QVERIFY(connection.send(protocol::ConversationsList {}).isEmpty());
    openAndWait(connection);
    QVERIFY(!connection.send(protocol::ConversationsList {}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::ConversationsList>().size(), 1, kTimeout);
}

void TstConnection::requestIdsAreUniqueAndEchoed()
{
    Connection connection;
    openAndWait(connection);
    QSignalSpy received(&connection, &Connection::messageReceived);
    const QString a = connection.send(protocol::ConversationsList {});
    const QString b = connection.send(protocol::ConversationsList {});
    const QString mine = connection.send(protocol::ConversationsList { u"my-id"_s, {}, {} });
    QVERIFY(!a.isEmpty() && a != b);
    QCOMPARE(mine, u"my-id"_s);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, kTimeout);
    QStringList echoed;
    for (const auto& args : std::as_const(received))
        echoed << std::get<protocol::ConversationsReply>(
            args.at(0).value<protocol::ServerMessage>())
                      .id;
    QCOMPARE(echoed, (QStringList { a, b, mine }));
}

void TstConnection::loginTokenUsedForReconnect()
{
    Connection connection;
    openAndWait(connection);
    QCOMPARE(connection.token(), u"tok-1"_s);
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.reconnect();
    QVERIFY(welcomed.wait(kTimeout));
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().first().token, u"tok-1"_s);
}

void TstConnection::autoReconnectAfterDrop()
{
    Connection connection;
    connection.setAutoReconnectDelay(20);
    openAndWait(connection);
    QList<Connection::State> states;
    connect(&connection, &Connection::stateChanged, this,
        [&](Connection::State state) { states << state; });
    connect(
        &connection, &Connection::closed, this, [&] { QVERIFY(connection.reconnectPending()); });
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::Auth>().size(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), Connection::State::Online, kTimeout);
    QCOMPARE(states,
        (QList<Connection::State> { Connection::State::WaitingToRetry,
            Connection::State::Connecting, Connection::State::Authenticating,
            Connection::State::Online }));
}

void TstConnection::noAutoReconnectAfterClose()
{
    Connection connection;
    connection.setAutoReconnectDelay(20);
    openAndWait(connection);
    QSignalSpy errors(&connection, &Connection::connectionError);
    connection.close();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), Connection::State::Offline, kTimeout);
    QVERIFY(!connection.reconnectPending());
    QCOMPARE(m_server->receivedOf<protocol::Auth>().size(), 0);
    QCOMPARE(errors.size(), 0);
}

void TstConnection::sessionInvalidOn4401()
{
    Connection connection;
    connection.setAutoReconnectDelay(20);
    openAndWait(connection);
    QSignalSpy invalid(&connection, &Connection::sessionInvalid);
    QSignalSpy closed(&connection, &Connection::closed);
    m_server->last()->close(
        QWebSocketProtocol::CloseCode(protocol::closecode::sessionInvalid), u"revoked"_s);
    QVERIFY(invalid.wait(kTimeout));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.first().at(0).toInt(), protocol::closecode::sessionInvalid);
    QCOMPARE(closed.first().at(1).toString(), u"revoked"_s);
    QVERIFY(connection.token().isEmpty());
    QVERIFY(!connection.reconnectPending()); // no retry with a dead token
    QCOMPARE(connection.state(), Connection::State::Offline);
}

void TstConnection::silentPeerTimesOut()
{
    // Accepts the TCP connection, never answers the WebSocket handshake.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    Connection connection;
    connection.watchdog().setIntervals(20, 20);
    QSignalSpy errors(&connection, &Connection::connectionError);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.open(
        QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(silent.serverPort())), { u"ada"_s, u"secret"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeout);
    QCOMPARE(connection.state(), Connection::State::Offline); // a password sign-in: no retry
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().at(0).toString().startsWith(u"No answer from"_s),
        qPrintable(errors.first().at(0).toString()));
}

QTEST_GUILESS_MAIN(TstConnection)
#include "tst_connection.moc"
