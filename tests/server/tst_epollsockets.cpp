// EpollEventDispatcher's socket notifiers: level-triggered readiness, notifiers changed or deleted
// inside handlers, reused descriptors, and real WebSocket/TCP traffic on a worker thread.
#include "epolltestsupport.h"

#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace palaver::server;
using namespace palaver::server::epolltest;
using namespace std::chrono_literals;
using namespace Qt::Literals::StringLiterals;

namespace {

/// Echoes what it receives, on whichever thread it is moved to: WebSocket messages and raw TCP.
class EchoServers : public QObject
{
    Q_OBJECT
public:
    EchoServers()
        : m_webSockets(u"echo"_s, QWebSocketServer::NonSecureMode, this)
        , m_tcp(this)
    {
        connect(&m_webSockets, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket* socket = m_webSockets.nextPendingConnection()) {
                connect(socket, &QWebSocket::textMessageReceived, socket,
                    [socket](const QString& text) { socket->sendTextMessage(text); });
                connect(socket, &QWebSocket::binaryMessageReceived, socket,
                    [socket](const QByteArray& data) { socket->sendBinaryMessage(data); });
                connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_tcp.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket,
                    [socket] { socket->write(socket->readAll()); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    /// Call in the owning thread.
    void listen()
    {
        m_webSockets.listen(QHostAddress::LocalHost, 0);
        m_tcp.listen(QHostAddress::LocalHost, 0);
        webSocketPort = m_webSockets.serverPort();
        tcpPort = m_tcp.serverPort();
        dispatcherInThread = qobject_cast<EpollEventDispatcher*>(
            QAbstractEventDispatcher::instance(QThread::currentThread()));
    }
    quint16 webSocketPort = 0;
    quint16 tcpPort = 0;
    bool dispatcherInThread = false;

private:
    QWebSocketServer m_webSockets;
    QTcpServer m_tcp;
};

} // namespace

/// The main thread runs on EpollEventDispatcher (PALAVER_EPOLL_TEST_MAIN), so QTRY_*,
/// QSignalSpy::wait and every QTimer here go through it as well.
class TestEpollSockets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(dispatcher() && dispatcher()->isValid()); }

    void readableFiresAgainUntilRead()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.local(), QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        onePass();
        QCOMPARE(activated.size(), 0);

        QVERIFY(pair.sendFromPeer("x"));
        onePass();
        QCOMPARE(activated.size(), 1);
        // Level-triggered, as QSocketNotifier promises: not read, so ready again.
        onePass();
        QCOMPARE(activated.size(), 2);
        QCOMPARE(pair.readLocal(), "x"_ba);
        onePass();
        QCOMPARE(activated.size(), 2);
    }

    void writableFires()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.local(), QSocketNotifier::Write);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        onePass();
        QCOMPARE(activated.size(), 1);
        notifier.setEnabled(false);
        onePass();
        QCOMPARE(activated.size(), 1);
        notifier.setEnabled(true);
        onePass();
        QCOMPARE(activated.size(), 2);
    }

    void readAndWriteShareOneRegistration()
    {
        SocketPair pair;
        const int before = dispatcher()->watchedDescriptors();
        QSocketNotifier reader(pair.local(), QSocketNotifier::Read);
        QSocketNotifier writer(pair.local(), QSocketNotifier::Write);
        QSignalSpy read(&reader, &QSocketNotifier::activated);
        QSignalSpy written(&writer, &QSocketNotifier::activated);
        QCOMPARE(dispatcher()->watchedDescriptors(), before + 1);

        QVERIFY(pair.sendFromPeer("x"));
        onePass();
        QCOMPARE(read.size(), 1);
        QCOMPARE(written.size(), 1);

        writer.setEnabled(false);
        onePass();
        QCOMPARE(read.size(), 2);
        QCOMPARE(written.size(), 1);
        reader.setEnabled(false);
        QCOMPARE(dispatcher()->watchedDescriptors(), before);
    }

    void hangUpWakesTheReader()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.local(), QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        pair.closeEnd(1);
        onePass();
        QCOMPARE(activated.size(), 1);
        QCOMPARE(pair.readLocal(), QByteArray()); // end of stream
    }

    void disabledInAnotherHandlerIsNotActivated_data()
    {
        QTest::addColumn<bool>("deleteIt");
        QTest::newRow("disabled") << false;
        QTest::newRow("deleted") << true;
    }
    void disabledInAnotherHandlerIsNotActivated()
    {
        QFETCH(bool, deleteIt);
        // Two sockets ready in the same pass; whichever handler runs first switches the other
        // notifier off (or deletes it): the other must not be activated afterwards.
        SocketPair first;
        SocketPair second;
        auto* a = new QSocketNotifier(first.local(), QSocketNotifier::Read, this);
        auto* b = new QSocketNotifier(second.local(), QSocketNotifier::Read, this);
        QPointer<QSocketNotifier> pa(a);
        QPointer<QSocketNotifier> pb(b);
        int activations = 0;
        auto silence = [&](QSocketNotifier* other) {
            ++activations;
            if (!other)
                return;
            if (deleteIt)
                delete other;
            else
                other->setEnabled(false);
        };
        connect(a, &QSocketNotifier::activated, this, [&] { silence(pb.data()); });
        connect(b, &QSocketNotifier::activated, this, [&] { silence(pa.data()); });
        QVERIFY(first.sendFromPeer("x"));
        QVERIFY(second.sendFromPeer("y"));
        onePass();
        QCOMPARE(activations, 1);
        onePass(); // the survivor is still readable; the silenced one stays silent
        QCOMPARE(activations, 2);
        delete pa.data();
        delete pb.data();
    }

    void deletedInItsOwnHandler()
    {
        SocketPair pair;
        auto* notifier = new QSocketNotifier(pair.local(), QSocketNotifier::Read);
        QPointer<QSocketNotifier> alive(notifier);
        int activations = 0;
        connect(notifier, &QSocketNotifier::activated, this, [&] {
            ++activations;
            delete notifier;
        });
        QVERIFY(pair.sendFromPeer("x"));
        onePass();
        onePass();
        QCOMPARE(activations, 1);
        QVERIFY(alive.isNull());
    }

    void descriptorNumberReused()
    {
        // A socket closed after its notifier went away; the next socket gets the same number.
        int reusedFd = -1;
        {
            SocketPair old;
            {
                QSocketNotifier notifier(old.local(), QSocketNotifier::Read);
                onePass();
            }
            reusedFd = old.local();
        }
        SocketPair fresh;
        QCOMPARE(fresh.local(), reusedFd);
        QSocketNotifier notifier(fresh.local(), QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        QVERIFY(fresh.sendFromPeer("x"));
        onePass();
        QCOMPARE(activated.size(), 1);
    }

    void regularFileIsAlwaysReady()
    {
        // epoll refuses regular files; poll() reports them ready, and so do we.
        QTemporaryFile file;
        QVERIFY(file.open());
        QSocketNotifier notifier(file.handle(), QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        onePass();
        onePass();
        QCOMPARE(activated.size(), 2);
    }

    void excludeSocketNotifiers()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.local(), QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        QVERIFY(pair.sendFromPeer("x"));
        bool timerFired = false;
        QTimer::singleShot(20ms, Qt::PreciseTimer, this, [&] { timerFired = true; });
        QElapsedTimer clock;
        clock.start();
        int passes = 0;
        // A readable socket must neither be activated nor end the wait early.
        while (!timerFired && clock.elapsed() < 5000) {
            ++passes;
            dispatcher()->processEvents(
                QEventLoop::WaitForMoreEvents | QEventLoop::ExcludeSocketNotifiers);
        }
        QVERIFY(timerFired);
        QVERIFY2(passes < 50, qPrintable(QString::number(passes)));
        QCOMPARE(activated.size(), 0);
        onePass();
        QCOMPARE(activated.size(), 1);
    }

    // Real sockets on a worker thread, as the server runs them

    void webSocketAndTcpRoundTripOnAWorkerThread()
    {
        QThread thread;
        thread.setEventDispatcher(new EpollEventDispatcher);
        auto* echo = new EchoServers;
        echo->moveToThread(&thread);
        QSignalSpy destroyed(echo, &QObject::destroyed);
        connect(&thread, &QThread::finished, echo, &QObject::deleteLater);
        thread.start();
        QMetaObject::invokeMethod(
            echo, [echo] { echo->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(echo->dispatcherInThread);
        QVERIFY(echo->webSocketPort != 0 && echo->tcpPort != 0);

        QWebSocket client;
        QStringList texts;
        QByteArray binary;
        connect(&client, &QWebSocket::textMessageReceived, this,
            [&](const QString& text) { texts.append(text); });
        connect(&client, &QWebSocket::binaryMessageReceived, this,
            [&](const QByteArray& data) { binary = data; });
        QSignalSpy connected(&client, &QWebSocket::connected);
        client.open(QUrl(u"ws://127.0.0.1:%1"_s.arg(echo->webSocketPort)));
        QVERIFY(connected.wait(5000));
        QStringList sent;
        for (int i = 0; i < 100; ++i) {
            sent.append(u"message %1"_s.arg(i));
            client.sendTextMessage(sent.last());
        }
        // Bigger than the socket buffers: the write notifiers go on and off on both sides.
        QByteArray big(2 * 1024 * 1024, '\0');
        for (int i = 0; i < big.size(); ++i)
            big[i] = char(i * 7);
        client.sendBinaryMessage(big);
        QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 100, 10000);
        QCOMPARE(texts, sent);
        QTRY_COMPARE_WITH_TIMEOUT(binary.size(), big.size(), 10000);
        QVERIFY(binary == big);
        client.close();

        QTcpSocket tcp;
        tcp.connectToHost(QHostAddress::LocalHost, echo->tcpPort);
        QVERIFY(tcp.waitForConnected(5000));
        tcp.write(big);
        QByteArray echoed;
        connect(&tcp, &QTcpSocket::readyRead, this, [&] { echoed += tcp.readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), big.size(), 10000);
        QVERIFY(echoed == big);
        tcp.disconnectFromHost();

        thread.quit();
        QVERIFY(thread.wait(5000));
        // The server's pattern: deleteLater on finished runs in the thread as it ends.
        QCOMPARE(destroyed.size(), 1);
    }
};

PALAVER_EPOLL_TEST_MAIN(TestEpollSockets)

#include "tst_epollsockets.moc"
