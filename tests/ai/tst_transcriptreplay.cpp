#include "fakeupstream.h"
#include "providertestsupport.h"
#include "transcriptcases.h"

#include <QTest>

using namespace providertest;
using namespace transcript;
using palaver::protocol::ErrorCode;
using palaver::server::createProvider;

namespace {

/// One row of the matrix: a fixture's bytes as served, and what must come out.
struct Replay
{
    QString fixture;
    LlmConfig::Kind kind;
    FakeUpstream::Response response;
    Expectation expected;
};

QList<Replay>& replays()
{
    static QList<Replay> all;
    return all;
}

QString sizeName(int writeSize)
{
    switch (writeSize) {
    case FakeUpstream::Whole:
        return u"whole"_s;
    case FakeUpstream::PerSseEvent:
    case FakeUpstream::PerLine:
        return u"per event"_s;
    default:
        return u"%1 B"_s.arg(writeSize);
    }
}

} // namespace

/// Every real transcript in tests/fixtures/llm (and derived/) served by a FakeUpstream through
/// the provider that speaks its format (OpenAI-compatible, Ollama, Anthropic), split into reads
/// of many sizes, with CRLF line ends, with keep-alives between events and with a 4-byte
/// character inside a delta: the real Completion must relay exactly what expected.json says.
class TestTranscriptReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replay_data();
    void replay();
};

void TestTranscriptReplay::replay_data()
{
    QTest::addColumn<int>("index");
    const QList<Fixture> fixtures = loadFixtures(fixtureDir);
    QVERIFY(fixtures.size() >= 18); // every transcript that expected.json lists

    auto add = [](const Fixture& f, const QString& variant, const QByteArray& body, int writeSize,
                   const Expectation& expected) {
        FakeUpstream::Response response;
        response.contentType = f.contentType;
        response.body = body;
        response.writeSize = writeSize;
        replays().append({ f.name, f.kind, response, expected });
        const QString row = u"%1 | %2 %3"_s.arg(f.name, variant, sizeName(writeSize));
        QTest::newRow(qPrintable(row)) << int(replays().size() - 1);
    };

    for (const Fixture& f : fixtures) {
        const int perEvent = f.ndjson ? FakeUpstream::PerLine : FakeUpstream::PerSseEvent;
        for (const int size : { int(FakeUpstream::Whole), perEvent, 1, 2, 3, 7, 13 })
            add(f, u"plain"_s, f.body, size, f.expected);
        for (const int size : { 1, 7 })
            add(f, u"crlf"_s, withCrlf(f.body), size, f.expected);
        for (const int size : { perEvent, 3 })
            add(f, u"keep-alives"_s, withKeepAlives(f.body, f.ndjson), size, f.expected);
        QByteArray body = f.body;
        Expectation expected = f.expected;
        if (withEmoji(body, expected)) {
            for (const int size : { 1, 2 })
                add(f, u"emoji"_s, body, size, expected);
        }
    }
}

void TestTranscriptReplay::replay()
{
    QFETCH(int, index);
    const Replay& r = replays().at(index);
    const Expectation& e = r.expected;

    FakeUpstream up;
    QVERIFY(up.isListening());
    up.serve(r.response);
    LlmConfig config = configFor(up.baseUrl());
    config.kind = r.kind;
    const std::unique_ptr<Provider> provider = createProvider(config);
    Recorder run(*provider);
    QVERIFY2(run.waitFinished(10000), "the completion did not finish");
    const Outcome& out = run.outcome();

    QCOMPARE(out.text, e.text);
    QCOMPARE(out.reasoning, e.reasoning);
    QVERIFY2(!out.text.contains(u"null"_s) || e.text.contains(u"null"_s), qPrintable(out.text));
    QCOMPARE(out.finishedCount, 1);
    QCOMPARE(out.finish, e.finish);
    if (e.errorCode) {
        QVERIFY(out.error);
        QCOMPARE(out.error->code, *e.errorCode);
        QVERIFY2(out.error->message.contains(e.errorPart), qPrintable(out.error->message));
    } else {
        QVERIFY2(!out.error, qPrintable(out.error ? out.error->message : QString()));
    }
    if (e.usage) {
        QVERIFY(!out.usages.isEmpty());
        QCOMPARE(out.usages.last(), *e.usage);
    } else {
        QCOMPARE(out.usages.size(), 0);
    }
    QCOMPARE(up.requests().size(), 1);
}

QTEST_GUILESS_MAIN(TestTranscriptReplay)
#include "tst_transcriptreplay.moc"
