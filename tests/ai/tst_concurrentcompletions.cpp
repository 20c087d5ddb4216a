#include "providerkinds.h"

using namespace providertest;
using palaver::server::createProvider;

/// Many replies at once: every completion gets its own upstream connection at the same time,
/// with no queueing behind QNetworkAccessManager's six connections per host.
class TestConcurrentCompletions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fiftyAtOnce_data();
    void fiftyAtOnce();
};

void TestConcurrentCompletions::fiftyAtOnce_data()
{
    QTest::addColumn<int>("kind");
    addKindRows();
}

void TestConcurrentCompletions::fiftyAtOnce()
{
    QFETCH(int, kind);
    constexpr int count = 50;
    FakeUpstream up;
    FakeUpstream::Response response = goodResponse(Kind(kind), FakeUpstream::Whole);
    // Everything but the end, then silence: each reply stays open until it is aborted.
    response.stallAfter = endMarkerLine(Kind(kind), response.body);
    up.serve(response);

    const std::unique_ptr<Provider> provider = createProvider(configFor(Kind(kind), up.baseUrl()));
    const QString text = expectedContent(goodFixture(Kind(kind)));
    auto parent = std::make_unique<QObject>();
    QList<QString> received(count);
    int finished = 0;
    for (int i = 0; i < count; ++i) {
        Completion* completion = provider->start(request(), parent.get());
        connect(completion, &Completion::delta, this,
            [&received, i](const QString& delta, const QString&) { received[i] += delta; });
        connect(completion, &Completion::finished, this, [&finished] { ++finished; });
    }

    QTRY_COMPARE_WITH_TIMEOUT(up.requests().size(), count, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(up.openConnections(), count, 5000);
    QCOMPARE(up.maxOpenConnections(), count);
    // Every reply streams while all the others are open too.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(received.cbegin(), received.cend(),
                                 [&text](const QString& got) { return got == text; }),
        10000);
    QCOMPARE(finished, 0);

    // Deleting the completions aborts their requests, which closes every connection.
    parent.reset();
    QTRY_COMPARE_WITH_TIMEOUT(up.openConnections(), 0, 10000);
    QCOMPARE(finished, 0);
}

QTEST_GUILESS_MAIN(TestConcurrentCompletions)
#include "tst_concurrentcompletions.moc"
