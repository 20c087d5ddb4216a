#include "net/timerwheel.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <memory>
#include <vector>

using namespace palaver::server;

/// The worker's timer wheel on a clock the test moves: deadlines fire neither early nor more than
/// a tick late, a cancelled or destroyed timer never fires, callbacks may change the wheel, and
/// the driving QTimer runs only while something waits.
class TestTimerWheel : public QObject
{
    Q_OBJECT
private:
    qint64 m_now = 5000;
    std::unique_ptr<TimerWheel> makeWheel(int tickMs = 100)
    {
        return std::make_unique<TimerWheel>(tickMs, [this] { return m_now; });
    }
    void advanceTo(TimerWheel& wheel, qint64 ms)
    {
        m_now = ms;
        wheel.advance();
    }

private Q_SLOTS:
    void init() { m_now = 5000; }

    void firesAtTheFirstTickAfterItsDeadline()
    {
        auto wheel = makeWheel();
        int fired = 0;
        TimerWheel::Timer timer([&] { ++fired; });
        wheel->start(timer, 250); // due at 5250: the tick that starts at 5300
        QVERIFY(timer.isActive());
        QCOMPARE(wheel->size(), 1);
        advanceTo(*wheel, 5249);
        QCOMPARE(fired, 0);
        advanceTo(*wheel, 5299);
        QCOMPARE(fired, 0);
        advanceTo(*wheel, 5300);
        QCOMPARE(fired, 1);
        QVERIFY(!timer.isActive());
        QCOMPARE(wheel->size(), 0);
        advanceTo(*wheel, 9000);
        QCOMPARE(fired, 1); // once
    }

    void cancelledAndDestroyedTimersNeverFire()
    {
        auto wheel = makeWheel();
        int fired = 0;
        TimerWheel::Timer cancelled([&] { ++fired; });
        auto destroyed = std::make_unique<TimerWheel::Timer>([&] { ++fired; });
        wheel->start(cancelled, 100);
        wheel->start(*destroyed, 100);
        QCOMPARE(wheel->size(), 2);
        cancelled.cancel();
        destroyed.reset();
        QCOMPARE(wheel->size(), 0);
        QVERIFY(!wheel->isTicking());
        advanceTo(*wheel, 7000);
        QCOMPARE(fired, 0);
    }

    void restartMovesTheDeadline()
    {
        auto wheel = makeWheel();
        int fired = 0;
        TimerWheel::Timer timer([&] { ++fired; });
        wheel->start(timer, 100);
        advanceTo(*wheel, 5050);
        wheel->start(timer, 1000); // now due at 6050
        QCOMPARE(wheel->size(), 1);
        advanceTo(*wheel, 6000);
        QCOMPARE(fired, 0);
        advanceTo(*wheel, 6100);
        QCOMPARE(fired, 1);
    }

    void deadlinesBeyondOneTurnWaitForTheirTurn()
    {
        auto wheel = makeWheel();
        const qint64 turn = qint64(TimerWheel::slotCount) * 100;
        int fired = 0;
        TimerWheel::Timer timer([&] { ++fired; });
        wheel->start(timer, 2 * turn + 50);
        const qint64 due = 5000 + 2 * turn + 50;
        // Every tick on the way, the slot comes round twice before its turn.
        for (qint64 t = 5100; t < due; t += 100) {
            advanceTo(*wheel, t);
            QCOMPARE(fired, 0);
        }
        advanceTo(*wheel, due + 50);
        QCOMPARE(fired, 1);
    }

    void aJumpInTimeFiresEverythingDue()
    {
        auto wheel = makeWheel();
        int fired = 0;
        std::vector<std::unique_ptr<TimerWheel::Timer>> timers;
        for (int i = 0; i < 100; ++i) {
            timers.push_back(std::make_unique<TimerWheel::Timer>([&] { ++fired; }));
            wheel->start(*timers.back(), i * 997);
        }
        TimerWheel::Timer later([&] { fired += 1000; });
        wheel->start(later, 200000);
        advanceTo(*wheel, 5000 + 99 * 997 + 100); // a whole turn and more at once
        QCOMPARE(fired, 100);
        QCOMPARE(wheel->size(), 1);
    }

    void callbacksMayRestartCancelAndDestroy()
    {
        auto wheel = makeWheel();
        int periodic = 0;
        int victimFired = 0;
        TimerWheel::Timer periodicTimer;
        periodicTimer.setCallback([&] {
            ++periodic;
            wheel->start(periodicTimer, 100); // re-armed from inside its own callback
        });
        auto victim = std::make_unique<TimerWheel::Timer>([&] { ++victimFired; });
        auto other = std::make_unique<TimerWheel::Timer>([&] { ++victimFired; });
        // All three in the same slot; the first destroys one and cancels the other.
        TimerWheel::Timer killer([&] {
            victim.reset();
            other->cancel();
        });
        wheel->start(killer, 100);
        wheel->start(*victim, 100);
        wheel->start(*other, 100);
        wheel->start(periodicTimer, 100);
        advanceTo(*wheel, 5100);
        QCOMPARE(victimFired, 0);
        QCOMPARE(periodic, 1);
        QCOMPARE(wheel->size(), 1); // only the periodic one, for the next tick
        advanceTo(*wheel, 5150);
        QCOMPARE(periodic, 1); // not early
        advanceTo(*wheel, 5200);
        QCOMPARE(periodic, 2);
    }

    void aCallbackMayDeleteItsOwnTimer()
    {
        auto wheel = makeWheel();
        bool fired = false;
        auto* self = new TimerWheel::Timer;
        self->setCallback([&fired, self] {
            delete self;
            fired = true;
        });
        wheel->start(*self, 10);
        advanceTo(*wheel, 5100);
        QVERIFY(fired);
        QCOMPARE(wheel->size(), 0);
    }

    void manyTimersFireOnceWithinATick()
    {
        auto wheel = makeWheel();
        constexpr int count = 20000;
        std::vector<qint64> deadline(count);
        std::vector<qint64> firedAt(count, -1);
        std::vector<std::unique_ptr<TimerWheel::Timer>> timers;
        QRandomGenerator random(11);
        for (int i = 0; i < count; ++i) {
            timers.push_back(std::make_unique<TimerWheel::Timer>([&, i] {
                QCOMPARE(firedAt[size_t(i)], -1);
                firedAt[size_t(i)] = m_now;
            }));
            const qint64 delay = random.bounded(120000);
            deadline[size_t(i)] = m_now + delay;
            wheel->start(*timers.back(), delay);
        }
        // A third are cancelled.
        for (int i = 0; i < count; i += 3)
            timers[size_t(i)]->cancel();
        for (qint64 t = 5000; t <= 5000 + 121000; t += 37)
            advanceTo(*wheel, t);
        for (int i = 0; i < count; ++i) {
            if (i % 3 == 0) {
                QCOMPARE(firedAt[size_t(i)], -1);
                continue;
            }
            QVERIFY2(firedAt[size_t(i)] >= deadline[size_t(i)], "fired early");
            // At most a tick late (plus this test's step of 37 ms).
            QVERIFY2(firedAt[size_t(i)] < deadline[size_t(i)] + 100 + 37, "fired late");
        }
        QCOMPARE(wheel->size(), 0);
    }

    void timersOutliveTheirWheel()
    {
        TimerWheel::Timer timer([] {});
        {
            auto wheel = makeWheel();
            wheel->start(timer, 100);
        }
        QVERIFY(!timer.isActive()); // and its destructor must not touch the wheel
    }

    void drivesItselfOnTheEventLoopOnlyWhileNeeded()
    {
        TimerWheel wheel(10); // the real monotonic clock
        QVERIFY(!wheel.isTicking());
        int fired = 0;
        QElapsedTimer clock;
        clock.start();
        qint64 firedAfter = -1;
        TimerWheel::Timer timer([&] {
            ++fired;
            firedAfter = clock.elapsed();
        });
        wheel.start(timer, 50);
        QVERIFY(wheel.isTicking());
        QTRY_COMPARE_WITH_TIMEOUT(fired, 1, 5000);
        QVERIFY2(firedAfter >= 50, qPrintable(QString::number(firedAfter)));
        QVERIFY(!wheel.isTicking()); // empty: no more wake-ups
    }
};

QTEST_GUILESS_MAIN(TestTimerWheel)
#include "tst_timerwheel.moc"
