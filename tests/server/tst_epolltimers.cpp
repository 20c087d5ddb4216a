// EpollEventDispatcher's timers, posted events and wake-ups: due order, repeating and zero timers,
// nested loops, timer types' slack, cross-thread wake-ups and interrupts.
#include "epolltestsupport.h"
#include "eventloop/timerqueue.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTimer>

#include <functional>
#include <thread>

using namespace palaver::server;
using namespace palaver::server::epolltest;
using namespace std::chrono_literals;
using namespace Qt::Literals::StringLiterals;

namespace {

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

/// The main thread runs on EpollEventDispatcher (PALAVER_EPOLL_TEST_MAIN), so QTRY_*,
/// QSignalSpy::wait and every QTimer here go through it as well.
class TestEpollTimers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(dispatcher() && dispatcher()->isValid()); }

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
    // A timer that moves to a worker thread

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
};

PALAVER_EPOLL_TEST_MAIN(TestEpollTimers)

#include "tst_epolltimers.moc"
