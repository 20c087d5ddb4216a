#include "net/backoffpolicy.h"

#include <QTest>

using palaver::client::BackoffPolicy;

/// Exponential backoff with full jitter: bounds, cap and the reset after a stable connection.
class TstBackoffPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysStayWithinTheDoublingCeiling_data();
    void delaysStayWithinTheDoublingCeiling();
    void ceilingIsCapped();
    void jitterSpreadsOverTheWholeRange();
    void resetsAfterAStableConnection();
    void keepsGrowingWhenTheConnectionFlaps();
};

void TstBackoffPolicy::delaysStayWithinTheDoublingCeiling_data()
{
    QTest::addColumn<double>("random");
    QTest::newRow("lowest") << 0.0;
    QTest::newRow("middle") << 0.5;
    QTest::newRow("highest") << 0.999999;
}

void TstBackoffPolicy::delaysStayWithinTheDoublingCeiling()
{
    QFETCH(double, random);
    BackoffPolicy policy;
    policy.setRandomSource([random] { return random; });
    const QList<int> ceilings { 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000 };
    for (int i = 0; i < ceilings.size(); ++i) {
        QCOMPARE(policy.ceilingMs(), ceilings.at(i));
        const int delay = policy.nextDelayMs();
        QCOMPARE(policy.attempt(), i + 1);
        QVERIFY2(delay >= 0 && delay <= ceilings.at(i), qPrintable(QString::number(delay)));
        QCOMPARE(delay, int(random * ceilings.at(i)));
    }
}

void TstBackoffPolicy::ceilingIsCapped()
{
    BackoffPolicy policy;
    policy.setInitialMs(1000);
    policy.setCapMs(5000);
    policy.setRandomSource([] { return 0.999999; });
    for (int i = 0; i < 100; ++i) // far past where 2^attempt would overflow an int
        QVERIFY(policy.nextDelayMs() <= 5000);
    QCOMPARE(policy.ceilingMs(), 5000);
    QVERIFY(policy.nextDelayMs() >= 4999);
}

void TstBackoffPolicy::jitterSpreadsOverTheWholeRange()
{
    // The real random source: every delay in [0, ceiling], and not all the same.
    BackoffPolicy policy;
    policy.setInitialMs(10'000);
    policy.setCapMs(10'000);
    QSet<int> seen;
    for (int i = 0; i < 50; ++i) {
        const int delay = policy.nextDelayMs();
        QVERIFY(delay >= 0 && delay <= 10'000);
        seen.insert(delay);
    }
    QVERIFY(seen.size() > 10);
}

void TstBackoffPolicy::resetsAfterAStableConnection()
{
    qint64 now = 0;
    BackoffPolicy policy;
    policy.setStableMs(60'000);
    policy.setClock([&now] { return now; });
    policy.setRandomSource([] { return 0.999999; });
    policy.nextDelayMs();
    policy.nextDelayMs();
    policy.nextDelayMs();
    QCOMPARE(policy.attempt(), 3);
    policy.noteConnected();
    now += 60'000;
    policy.noteDisconnected();
    QCOMPARE(policy.attempt(), 0);
    QCOMPARE(policy.ceilingMs(), 500);
}

void TstBackoffPolicy::keepsGrowingWhenTheConnectionFlaps()
{
    qint64 now = 0;
    BackoffPolicy policy;
    policy.setStableMs(60'000);
    policy.setClock([&now] { return now; });
    policy.nextDelayMs();
    policy.nextDelayMs();
    policy.noteConnected();
    now += 59'999; // not stable yet
    policy.noteDisconnected();
    QCOMPARE(policy.attempt(), 2);
    QCOMPARE(policy.ceilingMs(), 2000);
}

QTEST_GUILESS_MAIN(TstBackoffPolicy)
#include "tst_backoffpolicy.moc"
