#include "net/watchdog.h"

#include <QSignalSpy>
#include <QTest>

using palaver::client::Watchdog;

namespace {
constexpr int kTimeout = 5000;
}

/// The half-open detector on its own, with short injected intervals.
class TstWatchdog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pingsAfterSilenceThenTimesOut();
    void anyFrameCountsAsAnAnswer();
    void stoppedStaysQuiet();
};

void TstWatchdog::pingsAfterSilenceThenTimesOut()
{
    Watchdog dog;
    dog.setIntervals(20, 30);
    QSignalSpy pings(&dog, &Watchdog::pingDue);
    QSignalSpy dead(&dog, &Watchdog::timedOut);
    dog.start();
    QVERIFY(pings.wait(kTimeout));
    QCOMPARE(dead.size(), 0);
    QVERIFY(dead.wait(kTimeout));
    QCOMPARE(pings.size(), 1);
    QVERIFY(!dog.isRunning());
}

void TstWatchdog::anyFrameCountsAsAnAnswer()
{
    Watchdog dog;
    dog.setIntervals(20, 40);
    QSignalSpy pings(&dog, &Watchdog::pingDue);
    QSignalSpy dead(&dog, &Watchdog::timedOut);
    dog.start();
    // Answer every ping at once: the connection stays alive through several rounds.
    connect(&dog, &Watchdog::pingDue, &dog, &Watchdog::noteActivity);
    QTRY_VERIFY_WITH_TIMEOUT(pings.size() >= 3, kTimeout);
    QCOMPARE(dead.size(), 0);
    QVERIFY(dog.isRunning());
}

void TstWatchdog::stoppedStaysQuiet()
{
    Watchdog dog;
    dog.setIntervals(10, 10);
    QSignalSpy pings(&dog, &Watchdog::pingDue);
    dog.start();
    dog.stop();
    dog.noteActivity(); // must not restart a stopped watchdog
    QVERIFY(!dog.isRunning()); // no timer left that could fire
    QCOMPARE(pings.size(), 0);
}

QTEST_GUILESS_MAIN(TstWatchdog)
#include "tst_watchdog.moc"
