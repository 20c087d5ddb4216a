// Token buckets, the keyed rate limiter and the sign-in back-off: the arithmetic every request
// and sign-in limit rests on, with explicit times (no waiting).
#include "auth/signinthrottle.h"
#include "limits/ratelimiter.h"
#include "limits/tokenbucket.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

class TestRateLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bucketAllowsTheBurstThenTheRate()
    {
        TokenBucket bucket(RateLimit { 3, 60 }, 0); // one a second after a burst of three
        QVERIFY(bucket.take(0));
        QVERIFY(bucket.take(0));
        QVERIFY(bucket.take(0));
        qint64 retryAfter = 0;
        QVERIFY(!bucket.take(0, &retryAfter));
        QCOMPARE(retryAfter, 1000);
        QVERIFY(!bucket.take(400, &retryAfter));
        QCOMPARE(retryAfter, 600);
        QVERIFY(bucket.take(1000));
        QVERIFY(!bucket.take(1000));
        // A long pause refills only up to the burst.
        QVERIFY(bucket.take(100000));
        QVERIFY(bucket.take(100000));
        QVERIFY(bucket.take(100000));
        QVERIFY(!bucket.take(100000));
    }

    void disabledLimitAlwaysAllows()
    {
        TokenBucket bucket(RateLimit { 1, 0 }, 0);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(bucket.take(0));
    }

    void limiterKeepsKeysApartAndForgetsIdleOnes()
    {
        RateLimiter limiter(RateLimit { 2, 60 });
        QVERIFY(limiter.take(u"alice"_s, 0));
        QVERIFY(limiter.take(u"alice"_s, 0));
        QVERIFY(!limiter.take(u"alice"_s, 0));
        QVERIFY(limiter.take(u"bob"_s, 0)); // bob has his own bucket
        QCOMPARE(limiter.trackedKeys(), 2);
        // A minute later both buckets are full again: a sweep forgets them, whoever comes next.
        QVERIFY(limiter.take(u"carol"_s, 120000));
        QCOMPARE(limiter.trackedKeys(), 1);
    }

    void limiterTableStaysBoundedUnderMadeUpKeys()
    {
        RateLimiter limiter(RateLimit { 1, 6000 }); // refills in 10 ms
        for (int i = 0; i < 50000; ++i)
            limiter.take(QString::number(i), i * 20); // every key is full again by the next
        QVERIFY2(
            limiter.trackedKeys() <= 10001, qPrintable(QString::number(limiter.trackedKeys())));
    }

    void backoffDoublesUpToTheLockoutWindow()
    {
        SignInLimits limits;
        limits.backoffBaseMs = 1000;
        limits.maxBackoffMs = 60000;
        QCOMPARE(signInBackoffMs(0, limits, 5), 0);
        QCOMPARE(signInBackoffMs(4, limits, 5), 0);
        QCOMPARE(signInBackoffMs(5, limits, 5), 1000); // five free failures: the sixth try waits
        QCOMPARE(signInBackoffMs(6, limits, 5), 2000);
        QCOMPARE(signInBackoffMs(8, limits, 5), 8000);
        QCOMPARE(signInBackoffMs(11, limits, 5), 60000);
        QCOMPARE(signInBackoffMs(500, limits, 5), 60000); // no overflow
        QCOMPARE(signInBackoffMs(0, limits, 0), 0);
        QCOMPARE(signInBackoffMs(1, limits, 0), 1000);
    }

    void addressThrottleCountsAcrossAnIpv6Network()
    {
        SignInLimits limits;
        limits.freeFailuresPerIp = 2;
        limits.backoffBaseMs = 1000;
        limits.failureMemoryMs = 60000;
        SignInThrottle throttle(limits);
        const QHostAddress a(u"2001:db8:1:2::10"_s);
        const QHostAddress sameNetwork(u"2001:db8:1:2:ffff::1"_s);
        const QHostAddress other(u"2001:db8:1:3::10"_s);
        throttle.recordFailure(a, 0);
        QCOMPARE(throttle.retryAfterMs(a, 0), 0); // two free failures
        throttle.recordFailure(sameNetwork, 100);
        QCOMPARE(throttle.retryAfterMs(sameNetwork, 100), 1000);
        QCOMPARE(throttle.retryAfterMs(sameNetwork, 600), 500);
        QCOMPARE(throttle.retryAfterMs(other, 100), 0);
        // Long after the last failure it is forgotten.
        throttle.recordFailure(a, 200000);
        QCOMPARE(throttle.failures(a), 1);
        QCOMPARE(throttle.retryAfterMs(a, 200000), 0);
    }

    void ipv4MappedAddressesCountAsTheirIpv4Address()
    {
        SignInLimits limits;
        limits.freeFailuresPerIp = 0;
        SignInThrottle throttle(limits);
        throttle.recordFailure(QHostAddress(u"::ffff:192.0.2.1"_s), 0);
        QVERIFY(throttle.retryAfterMs(QHostAddress(u"192.0.2.1"_s), 0) > 0);
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_ratelimits.moc"
