#include "chat/generationrunner.h"
#include "replytestsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace replytest;
using palaver::server::GenerationRunner;

namespace {

/// A server streaming from `up`, with alice signed in and her prompt sent in a new conversation.
struct Prompted
{
    std::unique_ptr<TestServer> server;
    std::unique_ptr<WsTestClient> alice;
};

std::optional<Prompted> prompt(const FakeUpstream& up, const QString& title)
{
    Prompted run;
    run.server = startServer(up, {});
    if (!run.server)
        return std::nullopt;
    run.alice = signIn(*run.server, u"alice"_s);
    if (!run.alice)
        return std::nullopt;
    const auto conv = run.alice->createConversation(title);
    if (!conv || !say(*run.alice, conv->convId, u"Go"_s))
        return std::nullopt;
    return run;
}

} // namespace

/// Token deltas closer together than a frame tick go out merged: the first at once, the rest in
/// fewer, larger deltas whose concatenation is the stored text; resume still serves them all.
class TestDeltaCoalescing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void burstIsMergedAndTheFirstGoesAlone()
    {
        constexpr int tokens = 300;
        FakeUpstream up;
        FakeUpstream::Response response;
        QString expected;
        for (int i = 0; i < tokens; ++i) {
            const QByteArray token = "t" + QByteArray::number(i) + " ";
            response.body += textEvent(token);
            expected += QString::fromLatin1(token);
        }
        response.body += streamEnd;
        response.writeSize = FakeUpstream::PerSseEvent; // as fast as the event loop goes
        up.serve(response);
        const auto run = prompt(up, u"Burst"_s);
        QVERIFY(run);
        WsTestClient* const alice = run->alice.get();

        const auto end = alice->waitFor<GenerationEnd>(20000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, expected);
        QList<GenerationDelta> deltas;
        while (const auto delta = alice->waitFor<GenerationDelta>(0))
            deltas.append(*delta);
        QVERIFY(!deltas.isEmpty());
        // The first token was not held back to be merged with the ones after it.
        QCOMPARE(deltas.first().text, u"t0 "_s);
        // 300 events in a burst: far fewer deltas, numbered without a gap, adding up to the text.
        QVERIFY2(deltas.size() < tokens / 2, qPrintable(QString::number(deltas.size())));
        QString relayed;
        for (qsizetype i = 0; i < deltas.size(); ++i) {
            QCOMPARE(deltas.at(i).deltaSeq, i + 1);
            QVERIFY(deltas.at(i).text.size() <= GenerationRunner::maxCoalescedChars + 8);
            relayed += deltas.at(i).text;
        }
        QCOMPARE(relayed, expected);
        QCOMPARE(end->message.text, relayed);
    }

    void resumeServesTheMergedDeltas()
    {
        FakeUpstream up;
        FakeUpstream::Response response;
        QByteArray body;
        for (int i = 0; i < 50; ++i)
            body += textEvent("w" + QByteArray::number(i) + " ");
        response.body = body + streamEnd;
        response.writeSize = FakeUpstream::PerSseEvent;
        response.stallAfter = body.size(); // then silence: the reply stays live for resume
        up.serve(response);
        const auto run = prompt(up, u"Resume"_s);
        QVERIFY(run);
        WsTestClient* const alice = run->alice.get();
        const auto start = alice->waitFor<GenerationStart>(10000);
        QVERIFY(start);
        QString live;
        qint64 lastSeq = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                while (const auto delta = alice->waitFor<GenerationDelta>(0)) {
                    live += delta->text;
                    lastSeq = delta->deltaSeq;
                }
                return live.endsWith(u"w49 "_s);
            }(),
            10000);
        // A client that saw nothing asks for everything: the same deltas, merged as they went.
        alice->send(GenerationResume { u"r"_s, start->genId, 0 });
        QString resumed;
        qint64 resumedSeq = 0;
        const auto answer = alice->waitForAnswer(u"r"_s);
        QVERIFY(answer);
        const auto* done = std::get_if<Resumed>(&*answer);
        QVERIFY(done);
        QCOMPARE(done->deltaSeq, lastSeq);
        while (const auto delta = alice->waitFor<GenerationDelta>(0)) {
            resumed += delta->text;
            resumedSeq = delta->deltaSeq;
        }
        QCOMPARE(resumedSeq, lastSeq);
        QCOMPARE(resumed, live);
    }

    /// Resume from the middle serves each delta as it went live: its number, its text and its
    /// reasoning (the runner keeps offsets into the reply, not the deltas themselves).
    void resumeFromTheMiddleServesTextAndReasoning()
    {
        FakeUpstream up;
        FakeUpstream::Response response;
        QByteArray body;
        for (int i = 0; i < 30; ++i) {
            if (i % 3 == 0) {
                body += "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"r"
                    + QByteArray::number(i) + " \"}}]}\n\n";
            }
            body += textEvent("w" + QByteArray::number(i) + " ");
        }
        response.body = body + streamEnd;
        response.writeSize = FakeUpstream::PerSseEvent;
        response.writeIntervalMs = 20; // apart, so that most go out alone
        response.stallAfter = body.size(); // then silence: the reply stays live for resume
        up.serve(response);
        const auto run = prompt(up, u"Resume"_s);
        QVERIFY(run);
        WsTestClient* const alice = run->alice.get();
        const auto start = alice->waitFor<GenerationStart>(10000);
        QVERIFY(start);
        QList<GenerationDelta> live;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                while (const auto delta = alice->waitFor<GenerationDelta>(0))
                    live.append(*delta);
                return !live.isEmpty() && live.constLast().text.endsWith(u"w29 "_s);
            }(),
            10000);
        QVERIFY(live.size() >= 4);
        const qint64 after = live.at(live.size() / 2).deltaSeq;
        alice->send(GenerationResume { u"r"_s, start->genId, after });
        const auto answer = alice->waitForAnswer(u"r"_s);
        QVERIFY(answer);
        QVERIFY(std::get_if<Resumed>(&*answer));
        QList<GenerationDelta> resumed;
        while (const auto delta = alice->waitFor<GenerationDelta>(0))
            resumed.append(*delta);
        const QList<GenerationDelta> expected = live.mid(live.size() / 2 + 1);
        QVERIFY(std::any_of(expected.begin(), expected.end(),
            [](const GenerationDelta& delta) { return !delta.reasoning.isEmpty(); }));
        QCOMPARE(resumed.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(resumed.at(i).deltaSeq, expected.at(i).deltaSeq);
            QCOMPARE(resumed.at(i).text, expected.at(i).text);
            QCOMPARE(resumed.at(i).reasoning, expected.at(i).reasoning);
        }
    }
};

QTEST_GUILESS_MAIN(TestDeltaCoalescing)
#include "tst_deltacoalescing.moc"
