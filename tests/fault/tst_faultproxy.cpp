// The fault suite's proxy on its own, so a failure of the suite is the product's and not the
// harness's: it forwards both ways in order, goes offline and back, and outlives its server.

#include "faultproxy.h"

#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {
constexpr int kTimeoutMs = 5000;

/// Echoes every byte back, upper-cased (so an answer cannot be the client's own bytes).
class EchoServer : public QTcpServer
{
public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket,
                    [socket] { socket->write(socket->readAll().toUpper()); });
            }
        });
    }
};

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    return socket;
}
} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void forwardsBothWaysInOrder();
    void offlineCutsAndRefusesUntilBack();
    void outlivesItsServer();
};

void TestFaultProxy::forwardsBothWaysInOrder()
{
    EchoServer echo;
    QVERIFY(echo.listen(QHostAddress::LocalHost, 0));
    FaultProxy proxy(QStringLiteral("p"), echo.serverPort(), 1);
    QVERIFY(proxy.listen());
    auto client = connectTo(proxy.port());
    QVERIFY(client->waitForConnected(kTimeoutMs));
    QByteArray received;
    connect(client.get(), &QTcpSocket::readyRead, this, [&] { received += client->readAll(); });
    client->write("one ");
    client->write("two ");
    client->write("three");
    QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("ONE TWO THREE"), kTimeoutMs);
    QCOMPARE(proxy.linkCount(), 1);
    QCOMPARE(proxy.counts().cuts, 0);
}

void TestFaultProxy::offlineCutsAndRefusesUntilBack()
{
    EchoServer echo;
    QVERIFY(echo.listen(QHostAddress::LocalHost, 0));
    FaultProxy proxy(QStringLiteral("p"), echo.serverPort(), 1);
    QVERIFY(proxy.listen());
    auto client = connectTo(proxy.port());
    QVERIFY(client->waitForConnected(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(proxy.linkCount(), 1, kTimeoutMs);

    proxy.setOffline(true);
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, kTimeoutMs);
    auto refused = connectTo(proxy.port());
    QSignalSpy refusedClosed(refused.get(), &QTcpSocket::disconnected);
    QTRY_VERIFY_WITH_TIMEOUT(refusedClosed.count() == 1, kTimeoutMs);
    QCOMPARE(proxy.linkCount(), 0);

    proxy.setOffline(false);
    auto back = connectTo(proxy.port());
    QByteArray received;
    connect(back.get(), &QTcpSocket::readyRead, this, [&] { received += back->readAll(); });
    back->write("again");
    QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("AGAIN"), kTimeoutMs);
}

void TestFaultProxy::outlivesItsServer()
{
    auto echo = std::make_unique<EchoServer>();
    QVERIFY(echo->listen(QHostAddress::LocalHost, 0));
    const quint16 port = echo->serverPort();
    FaultProxy proxy(QStringLiteral("p"), port, 1);
    QVERIFY(proxy.listen());

    // No server: the client's connection is closed, not left hanging.
    echo.reset();
    auto orphan = connectTo(proxy.port());
    QSignalSpy orphanClosed(orphan.get(), &QTcpSocket::disconnected);
    QTRY_VERIFY_WITH_TIMEOUT(orphanClosed.count() == 1, kTimeoutMs);

    // The server is back on the same port: new connections go through again.
    echo = std::make_unique<EchoServer>();
    QVERIFY(echo->listen(QHostAddress::LocalHost, port));
    auto client = connectTo(proxy.port());
    QByteArray received;
    connect(client.get(), &QTcpSocket::readyRead, this, [&] { received += client->readAll(); });
    client->write("back");
    QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("BACK"), kTimeoutMs);
}

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
