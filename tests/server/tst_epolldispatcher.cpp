#include "eventloop/epolleventdispatcher.h"
#include "eventloop/timerqueue.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace palaver::server;
using namespace std::chrono_literals;
using namespace Qt::Literals::StringLiterals;

namespace {

/// Both ends of a connected, non-blocking UNIX stream socket pair; closed on destruction.
struct SocketPair
{
    int fds[2] = { -1, -1 };
    SocketPair() { socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair()
    {
        closeEnd(0);
        closeEnd(1);
    }
    int local() const { return fds[0]; }
    int peer() const { return fds[1]; }
    bool sendFromPeer(const char* data) { return ::write(fds[1], data, strlen(data)) > 0; }
    QByteArray readLocal()
    {
        char buffer[256];
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        return n > 0 ? QByteArray(buffer, n) : QByteArray();
    }
    void closeEnd(int end)
    {
        if (fds[end] >= 0)
            ::close(std::exchange(fds[end], -1));
    }
};

EpollEventDispatcher* dispatcher()
{
    return qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance());
}

bool onePass()
{
    return QAbstractEventDispatcher::instance()->processEvents(QEventLoop::AllEvents);
}

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

/// Records every timer event it gets, with the time.
class TimerLog : public QObject
{
public:
    QList<int> fired;
    std::function<void(int)> onTimer;

protected:
    void timerEvent(QTimerEvent* event) override
    {
        fired.append(event->timerId());
        if (onTimer)
            onTimer(event->timerId());
    }
};

} // namespace

/// EpollEventDispatcher runs this whole test's main thread (see main() below), so QTRY_*,
/// QSignalSpy::wait and every QTimer here go through it as well.
class TestEpollDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(dispatcher() && dispatcher()->isValid()); }

    // Sockets

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

    // Timers

    void manyTimersFireInDueOrder()
    {
        // On a TimerQueue with a clock of our own, so the order is exact however busy the
        // machine: by due time, and first armed first among equals.
        using Clock = TimerQueue::Clock;
        TimerQueue queue;
        TimerLog log;
        const Clock::time_point start = Clock::now();
        QMultiMap<int, int> byInterval;
        for (int id = 1; id <= 200; ++id) {
            const int interval = 1 + (id * 37) % 60;
            queue.add(id, interval, Qt::PreciseTimer, &log, start);
            byInterval.insert(interval, id);
        }
        QList<int> expected;
        for (const int interval : byInterval.uniqueKeys()) {
            QList<int> ids = byInterval.values(interval); // newest first
            std::reverse(ids.begin(), ids.end());
            expected += ids;
        }
        log.onTimer = [&queue](int id) { queue.remove(id); }; // each fires once
        const auto dueBy30 = std::distance(byInterval.constBegin(), byInterval.constFind(31));
        QCOMPARE(queue.activate(start + 30ms), int(dueBy30));
        QCOMPARE(log.fired.size(), dueBy30);
        QCOMPARE(log.fired, expected.mid(0, log.fired.size()));
        queue.activate(start + 60ms);
        QCOMPARE(log.fired, expected);
        QCOMPARE(queue.size(), 0);
        QVERIFY(!queue.timeToNext(start));
    }

    void repeatingTimerFiresOncePerPass()
    {
        using Clock = TimerQueue::Clock;
        TimerQueue queue;
        TimerLog log;
        const Clock::time_point start = Clock::now();
        queue.add(1, 10, Qt::PreciseTimer, &log, start);
        queue.add(2, 0, Qt::PreciseTimer, &log, start);
        // Far behind: still once each, then the 10 ms one is due 10 ms after this pass.
        QCOMPARE(queue.activate(start + 1s), 1); // zero timers are not counted as work
        QCOMPARE(log.fired, (QList<int> { 2, 1 }));
        QCOMPARE(queue.remainingMs(1, start + 1s), 10);
        QCOMPARE(queue.timeToNext(start + 1s), Clock::duration::zero()); // the zero timer
        // A timer armed by a handler waits for the next pass.
        log.onTimer = [&](int id) {
            if (id == 2)
                queue.add(3, 0, Qt::PreciseTimer, &log, start + 1s);
        };
        queue.activate(start + 1s);
        QCOMPARE(log.fired, (QList<int> { 2, 1, 2 }));
        log.onTimer = nullptr;
        queue.activate(start + 1s);
        QCOMPARE(log.fired, (QList<int> { 2, 1, 2, 3, 2 })); // 3 was armed before 2 re-armed
        QVERIFY(queue.removeAll(&log));
        QCOMPARE(queue.size(), 0);
    }

    void timerKilledByAnotherDoesNotFire()
    {
        TimerLog log;
        const int first = log.startTimer(10ms, Qt::PreciseTimer);
        const int second = log.startTimer(10ms, Qt::PreciseTimer);
        log.onTimer = [&](int id) {
            log.killTimer(id);
            if (id == first)
                log.killTimer(second);
        };
        // Both are due in the same pass (the thread is held past their time): the first one's
        // handler runs first and kills the second before its turn.
        QThread::msleep(30);
        onePass();
        QCOMPARE(log.fired, QList<int> { first });
        QCOMPARE(dispatcher()->remainingTime(second), -1);
        QTest::qWait(40);
        QCOMPARE(log.fired, QList<int> { first });
    }

    void repeatingTimerAndSingleShot()
    {
        int ticks = 0;
        QTimer repeating;
        repeating.setTimerType(Qt::PreciseTimer);
        connect(&repeating, &QTimer::timeout, this, [&] { ++ticks; });
        repeating.start(5ms);
        bool shot = false;
        QTimer::singleShot(60ms, this, [&] { shot = true; });
        QTRY_VERIFY(shot);
        repeating.stop();
        QVERIFY2(ticks >= 5, qPrintable(QString::number(ticks)));
        const int stopped = ticks;
        QTest::qWait(30);
        QCOMPARE(ticks, stopped);
    }

    void zeroTimerRunsEveryPassWithoutStarvingSockets()
    {
        int zeroTicks = 0;
        QTimer zero;
        connect(&zero, &QTimer::timeout, this, [&] { ++zeroTicks; });
        zero.start(0);
        SocketPair pair;
        QSocketNotifier notifier(pair.local(), QSocketNotifier::Read);
        QSignalSpy activated(&notifier, &QSocketNotifier::activated);
        QVERIFY(pair.sendFromPeer("x"));
        QElapsedTimer clock;
        clock.start();
        // Waiting is allowed, but a zero timer is always due: every pass returns at once.
        for (int i = 0; i < 3; ++i)
            dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        QVERIFY(clock.elapsed() < 1000);
        QCOMPARE(zeroTicks, 3);
        QCOMPARE(activated.size(), 3);
    }

    void timerDoesNotRefireInsideItsOwnNestedLoop()
    {
        // A zero timer whose handler runs a nested loop (a modal wait): the nested loop must
        // neither fire it again nor spin because it is "due".
        int zeroTicks = 0;
        int nestedPasses = 0;
        QTimer zero;
        zero.setSingleShot(false);
        connect(&zero, &QTimer::timeout, this, [&] {
            if (++zeroTicks > 1)
                return;
            QEventLoop nested;
            QMetaObject::Connection counting = connect(
                dispatcher(), &QAbstractEventDispatcher::awake, this, [&] { ++nestedPasses; });
            QTimer::singleShot(100ms, &nested, &QEventLoop::quit);
            nested.exec();
            disconnect(counting);
            zero.stop();
        });
        zero.start(0);
        QTRY_VERIFY(!zero.isActive());
        QCOMPARE(zeroTicks, 1);
        QVERIFY2(nestedPasses < 20, qPrintable(QString::number(nestedPasses)));
    }

    void registeredTimersAndRemainingTime()
    {
        TimerLog log;
        const int precise = log.startTimer(1000ms, Qt::PreciseTimer);
        const int coarse = log.startTimer(5000ms, Qt::CoarseTimer);
        const int veryCoarse = log.startTimer(3000ms, Qt::VeryCoarseTimer);
        const auto infos = dispatcher()->registeredTimers(&log);
        QCOMPARE(infos.size(), 3);
        for (const auto& info : infos) {
            if (info.timerId == precise)
                QCOMPARE(info.interval, 1000);
            else if (info.timerId == coarse)
                QCOMPARE(info.timerType, Qt::CoarseTimer);
            else
                QCOMPARE(info.timerId, veryCoarse);
        }
        const int left = dispatcher()->remainingTime(precise);
        QVERIFY2(left > 900 && left <= 1000, qPrintable(QString::number(left)));
        const int coarseLeft = dispatcher()->remainingTime(coarse);
        QVERIFY2(coarseLeft > 4900 && coarseLeft <= 5250, qPrintable(QString::number(coarseLeft)));
        QVERIFY(dispatcher()->unregisterTimers(&log));
        QCOMPARE(dispatcher()->remainingTime(precise), -1);
        QVERIFY(!dispatcher()->unregisterTimers(&log));
    }

    void timerTypesAreNeverEarlyAndWithinTheirSlack()
    {
        using Clock = TimerQueue::Clock;
        const Clock::time_point now = Clock::now() + 123456789ns;
        QCOMPARE(TimerQueue::nextDue(7, Qt::PreciseTimer, now), now + 7ms);
        QCOMPARE(TimerQueue::nextDue(0, Qt::CoarseTimer, now), now);
        QCOMPARE(TimerQueue::nextDue(15, Qt::CoarseTimer, now), now + 15ms); // precise below 20
        for (const qint64 ms : { 25, 100, 999, 5000, 19999 }) {
            const auto due = TimerQueue::nextDue(ms, Qt::CoarseTimer, now);
            QVERIFY(due >= now + std::chrono::milliseconds(ms));
            QVERIFY(due <= now + std::chrono::milliseconds(ms + ms / 20));
        }
        for (const auto type : { Qt::VeryCoarseTimer, Qt::CoarseTimer }) {
            const auto due = TimerQueue::nextDue(30000, type, now);
            QCOMPARE(due.time_since_epoch() % 1s, Clock::duration::zero());
            QVERIFY(due >= now + 30s && due < now + 31s);
        }
        // A repeating timer goes on from its last due time, and skips what it missed.
        const Clock::time_point last = now - 3ms;
        QCOMPARE(TimerQueue::nextDue(10, Qt::PreciseTimer, now, last), last + 10ms);
        QCOMPARE(TimerQueue::nextDue(10, Qt::PreciseTimer, now, now - 50ms), now + 10ms);
    }

    // Posted events, wake-ups, loops

    void postedEventsAreSent()
    {
        bool received = false;
        auto* target = new QObject(this);
        connect(target, &QObject::objectNameChanged, this, [&] { received = true; });
        QMetaObject::invokeMethod(
            target, [target] { target->setObjectName(u"done"_s); }, Qt::QueuedConnection);
        QVERIFY(!received);
        onePass();
        QVERIFY(received);
        delete target;
    }

    void wakeUpFromAnotherThreadEndsTheWait()
    {
        QElapsedTimer clock;
        clock.start();
        std::thread waker([] {
            std::this_thread::sleep_for(50ms);
            dispatcherFor(QCoreApplication::instance()->thread())->wakeUp();
        });
        // Nothing else can end this wait: no timer, no ready socket.
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        const qint64 waited = clock.elapsed();
        waker.join();
        QVERIFY2(waited >= 40, qPrintable(QString::number(waited)));
    }

    void postFromAnotherThreadWhileBlocked()
    {
        // As with Qt's own dispatcher, a pass sends what was posted and then waits for more:
        // the posted call ends the loop, which can only happen if the post woke it.
        bool received = false;
        QEventLoop loop;
        std::thread poster([&loop, &received] {
            std::this_thread::sleep_for(20ms);
            QMetaObject::invokeMethod(
                &loop,
                [&loop, &received] {
                    received = true;
                    loop.exit(1);
                },
                Qt::QueuedConnection);
        });
        QTimer::singleShot(5000ms, &loop, [&loop] { loop.exit(2); });
        const int result = loop.exec();
        poster.join();
        QVERIFY(received);
        QCOMPARE(result, 1);
    }

    void interruptEndsTheWait()
    {
        std::thread interrupter([] {
            std::this_thread::sleep_for(30ms);
            dispatcherFor(QCoreApplication::instance()->thread())->interrupt();
        });
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        interrupter.join();
    }

    void eventLoopExecAndExit()
    {
        QEventLoop loop;
        QTimer::singleShot(10ms, &loop, [&loop] { loop.exit(7); });
        QCOMPARE(loop.exec(), 7);
    }

    void signalsAroundTheWait()
    {
        QSignalSpy awake(dispatcher(), &QAbstractEventDispatcher::awake);
        QSignalSpy aboutToBlock(dispatcher(), &QAbstractEventDispatcher::aboutToBlock);
        QTimer::singleShot(5ms, this, [] {});
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
        QCOMPARE(awake.size(), 1);
        QCOMPARE(aboutToBlock.size(), 1);
        dispatcher()->processEvents(QEventLoop::AllEvents);
        QCOMPARE(awake.size(), 2);
        QCOMPARE(aboutToBlock.size(), 1); // not allowed to wait: does not block
    }

    void deleteLater()
    {
        auto* object = new QObject;
        QSignalSpy destroyed(object, &QObject::destroyed);
        object->deleteLater();
        QVERIFY(destroyed.wait(1000));
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

    void objectWithTimerMovedToAWorkerThread()
    {
        QThread thread;
        thread.setEventDispatcher(new EpollEventDispatcher);
        thread.start();
        auto* timer = new QTimer;
        timer->setTimerType(Qt::PreciseTimer);
        QAtomicInt ticks;
        QAtomicPointer<QThread> firedIn;
        connect(timer, &QTimer::timeout, timer, [&] {
            firedIn.storeRelaxed(QThread::currentThread());
            ticks.ref();
        });
        timer->start(5ms);
        // The timer is unregistered here and registered again there (registeredTimers).
        timer->moveToThread(&thread);
        QTRY_VERIFY(ticks.loadRelaxed() >= 3);
        QCOMPARE(firedIn.loadRelaxed(), &thread);
        QMetaObject::invokeMethod(
            timer, [timer] { delete timer; }, Qt::BlockingQueuedConnection);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

private:
    static QAbstractEventDispatcher* dispatcherFor(QThread* thread)
    {
        return QAbstractEventDispatcher::instance(thread);
    }
};

int main(int argc, char** argv)
{
    // Before the application exists: the main thread then runs on it too.
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
