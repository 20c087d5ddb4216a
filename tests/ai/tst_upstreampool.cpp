#include "providerkinds.h"

#include "ai/upstreampool.h"

#include <QFile>

using namespace providertest;
using palaver::server::createProvider;
using palaver::server::UpstreamPool;

namespace {

/// Threads of this process now (Linux: /proc/self/status).
int threadCount()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("Threads:"))
            return line.mid(8).trimmed().toInt();
    }
    return -1;
}

} // namespace

/// Every upstream request of a thread goes through its UpstreamPool: many replies at once use a
/// bounded number of threads (one per manager), and each one's text arrives whole.
class TestUpstreamPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void managerCountIsBounded();
    void fiftyStreamsOnBoundedThreads();
    void endedRepliesAreNotCounted();
};

void TestUpstreamPool::managerCountIsBounded()
{
    QVERIFY(UpstreamPool::defaultManagerCount() >= 1);
    QVERIFY(UpstreamPool::defaultManagerCount() <= 4);
    QVERIFY(UpstreamPool::defaultManagerCount() <= qMax(1, QThread::idealThreadCount()));
    QCOMPARE(UpstreamPool::forCurrentThread().managerCount(), UpstreamPool::defaultManagerCount());
    // The same pool for every request of the thread.
    QCOMPARE(&UpstreamPool::forCurrentThread(), &UpstreamPool::forCurrentThread());

    UpstreamPool pool(3);
    pool.setMaxReplies(1000);
    QCOMPARE(pool.connectionsPerHost(), 255); // Qt's most
    pool.setMaxReplies(64);
    QCOMPARE(pool.connectionsPerHost(), 22); // 64 over 3 managers
    pool.setMaxReplies(1);
    QCOMPARE(pool.connectionsPerHost(), UpstreamPool::qtConnectionsPerHost);
}

void TestUpstreamPool::fiftyStreamsOnBoundedThreads()
{
    constexpr int count = 50;
    FakeUpstream up;
    // Paced, so that all the replies stream at the same time for a while.
    FakeUpstream::Response response = goodResponse(Kind::OpenAi, FakeUpstream::PerSseEvent);
    response.writeIntervalMs = 20;
    up.serve(response);
    const QString text = expectedContent(goodFixture(Kind::OpenAi));

    const int threadsBefore = threadCount();
    QVERIFY(threadsBefore > 0);
    const std::unique_ptr<Provider> provider
        = createProvider(configFor(Kind::OpenAi, up.baseUrl()));
    auto parent = std::make_unique<QObject>();
    QList<QString> received(count);
    QList<int> finishes(count, 0);
    int mostThreads = threadsBefore;
    for (int i = 0; i < count; ++i) {
        Completion* completion = provider->start(request(), parent.get());
        connect(completion, &Completion::delta, this,
            [&received, &mostThreads, i](const QString& delta, const QString&) {
                received[i] += delta;
                mostThreads = qMax(mostThreads, threadCount());
            });
        connect(completion, &Completion::finished, this,
            [&finishes, i](palaver::protocol::FinishReason reason) {
                QCOMPARE(reason, palaver::protocol::FinishReason::Stop);
                ++finishes[i];
            });
    }
    QTRY_COMPARE_WITH_TIMEOUT(up.maxOpenConnections(), count, 15000);
    mostThreads = qMax(mostThreads, threadCount());
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(finishes.cbegin(), finishes.cend(), [](int n) { return n == 1; }), 20000);
    for (int i = 0; i < count; ++i)
        QCOMPARE(received.at(i), text);
    // One Qt HTTP thread per manager at most, however many replies ran at once.
    QVERIFY2(mostThreads <= threadsBefore + UpstreamPool::defaultManagerCount(),
        qPrintable(u"%1 threads before, %2 at most while streaming"_s.arg(threadsBefore)
                       .arg(mostThreads)));
    QCOMPARE(UpstreamPool::forCurrentThread().running(), 0);
}

void TestUpstreamPool::endedRepliesAreNotCounted()
{
    FakeUpstream up;
    FakeUpstream::Response response = goodResponse(Kind::OpenAi, FakeUpstream::Whole);
    response.silentAfterHeaders = true; // open until aborted
    up.serve(response);
    const std::unique_ptr<Provider> provider
        = createProvider(configFor(Kind::OpenAi, up.baseUrl()));
    UpstreamPool& pool = UpstreamPool::forCurrentThread();
    const int before = pool.running();
    auto parent = std::make_unique<QObject>();
    for (int i = 0; i < 10; ++i)
        provider->start(request(), parent.get());
    QCOMPARE(pool.running(), before + 10);
    QTRY_COMPARE_WITH_TIMEOUT(up.openConnections(), 10, 10000);
    parent.reset(); // aborts them all
    QCOMPARE(pool.running(), before);
    QTRY_COMPARE_WITH_TIMEOUT(up.openConnections(), 0, 10000);
}

QTEST_GUILESS_MAIN(TestUpstreamPool)
#include "tst_upstreampool.moc"
