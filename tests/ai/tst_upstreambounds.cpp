#include "ai/httpcompletion.h"
#include "providerkinds.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace providertest;
using palaver::protocol::ErrorCode;
using palaver::server::createProvider;
using palaver::server::HttpCompletion;

namespace {

/// The start of a line that never ends: a text delta whose text goes on and on.
QByteArray endlessLineStart(Kind kind)
{
    switch (kind) {
    case Kind::Ollama:
        return "{\"message\":{\"role\":\"assistant\",\"content\":\"";
    case Kind::Anthropic:
        return "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
               "\"text_delta\",\"text\":\"";
    default:
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
    }
}

/// One text delta saying `text`, in `kind`'s wire format.
QByteArray textLine(Kind kind, const QByteArray& text)
{
    switch (kind) {
    case Kind::Ollama:
        return "{\"message\":{\"role\":\"assistant\",\"content\":\"" + text
            + "\"},\"done\":false}\n";
    case Kind::Anthropic:
        return "event: content_block_delta\n" + endlessLineStart(kind) + text + "\"}}\n\n";
    default:
        return endlessLineStart(kind) + text + "\"}}]}\n\n";
    }
}

QByteArray contentType(Kind kind)
{
    return kind == Kind::Ollama ? "application/x-ndjson" : "text/event-stream";
}

/// A completion of `provider` for a one-line prompt, with `maxLineBytes`, and all it emitted.
struct Run
{
    Run(palaver::server::Provider& provider, qint64 maxLineBytes)
    {
        CompletionRequest req = request();
        req.maxLineBytes = maxLineBytes;
        completion = provider.start(req, &parent);
        QObject::connect(completion, &Completion::delta, [this](const QString& t, const QString&) {
            text += t;
            ++deltas;
        });
        QObject::connect(completion, &Completion::finished,
            [this](FinishReason f, const std::optional<ErrorInfo>& e) {
                ++finishedCount;
                finish = f;
                error = e;
            });
    }
    bool waitFinished(int timeoutMs = 20000)
    {
        if (finishedCount > 0)
            return true;
        QSignalSpy spy(completion, &Completion::finished);
        return spy.wait(timeoutMs);
    }

    QObject parent;
    Completion* completion = nullptr;
    QString text;
    int deltas = 0;
    int finishedCount = 0;
    FinishReason finish = FinishReason::Stop;
    std::optional<ErrorInfo> error;
};

} // namespace

/// What a hostile or broken upstream cannot do to the server: send an endless line (SSE, NDJSON)
/// or an oversized one-shot reply, or make it buffer a reply nobody is reading.
class TestUpstreamBounds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void endlessLineEndsTheReply_data();
    void endlessLineEndsTheReply();
    void oversizedOneShotEndsTheReply();
    void pausedCompletionReadsNothing();
    void pacedStreamPausesAndResumes();
};

void TestUpstreamBounds::endlessLineEndsTheReply_data()
{
    QTest::addColumn<int>("kind");
    addKindRows();
}

void TestUpstreamBounds::endlessLineEndsTheReply()
{
    QFETCH(int, kind);
    const Kind k = Kind(kind);
    FakeUpstream up;
    FakeUpstream::Response response;
    response.contentType = contentType(k);
    // "Hello", then 8 MiB of one line with no end, in 16 KiB writes.
    response.body = textLine(k, "Hello") + endlessLineStart(k) + QByteArray(8 * 1024 * 1024, 'x');
    response.writeSize = 16 * 1024;
    response.stallAfter = response.body.size(); // and then stays connected, never finishing
    up.serve(response);
    const auto provider = createProvider(configFor(k, up.baseUrl()));
    QSignalSpy closedEarly(&up, &FakeUpstream::clientClosedEarly);

    Run run(*provider, 64 * 1024);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.finishedCount, 1);
    QCOMPARE(run.finish, FinishReason::Interrupted);
    QVERIFY(run.error);
    QCOMPARE(run.error->code, ErrorCode::UpstreamError);
    QCOMPARE(run.error->message,
        u"The model server sent a line longer than 64 KiB, the server's limit; the reply was cut "
        "there"_s);
    QCOMPARE(run.text, u"Hello"_s); // what came before the line is kept
    // The request was aborted: the upstream saw the connection close before it was done.
    QVERIFY(closedEarly.count() == 1 || closedEarly.wait());
}

void TestUpstreamBounds::oversizedOneShotEndsTheReply()
{
    FakeUpstream up;
    FakeUpstream::Response response;
    response.contentType = "application/json";
    response.body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + QByteArray(200 * 1024, 'x') + "\"},\"finish_reason\":\"stop\"}]}";
    response.writeSize = 16 * 1024;
    up.serve(response);
    const auto provider = createProvider(configFor(Kind::OpenAi, up.baseUrl()));

    Run run(*provider, 64 * 1024);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.finish, FinishReason::Interrupted);
    QVERIFY(run.error);
    QCOMPARE(run.error->code, ErrorCode::UpstreamError);
    QCOMPARE(run.error->message,
        u"The model server's reply was larger than 64 KiB, the server's limit"_s);
    QCOMPARE(run.text, QString());

    // Under the bound the same kind of reply is read whole.
    response.body = oneShotReply(Kind::OpenAi);
    up.serve(response);
    Run small(*provider, 64 * 1024);
    QVERIFY(small.waitFinished());
    QCOMPARE(small.finish, FinishReason::Stop);
    QCOMPARE(small.text, u"Hi"_s);
}

void TestUpstreamBounds::pausedCompletionReadsNothing()
{
    // 32 MiB of reply in 2 KiB deltas, written as fast as the network takes them.
    const QByteArray piece(2048, 'p');
    constexpr int pieces = 16 * 1024;
    QByteArray body;
    body.reserve(pieces * 2100);
    for (int i = 0; i < pieces; ++i)
        body += textLine(Kind::OpenAi, piece);
    body += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            "data: [DONE]\n\n";
    FakeUpstream up;
    FakeUpstream::Response response;
    response.body = body;
    response.writeSize = 64 * 1024;
    up.serve(response);
    LlmConfig config = configFor(Kind::OpenAi, up.baseUrl());
    constexpr int idleTimeoutMs = 1000; // the pause lasts longer: our own pause must not time out
    config.idleTimeoutMs = idleTimeoutMs;
    const auto provider = createProvider(config);

    Run run(*provider, 64 * 1024);
    // Paused at its first delta, from inside it, as the server's pacing may do.
    int deltasAtPause = -1;
    QObject::connect(run.completion, &Completion::delta, &run.parent, [&] {
        if (deltasAtPause < 0) {
            run.completion->setPaused(true);
            deltasAtPause = run.deltas;
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(deltasAtPause > 0, 10000);
    // The rest of the read that held the first delta was already decoded: it is relayed, and
    // then nothing more (one read is at most HttpCompletion::readBufferBytes).
    const int relayedAtPause = run.deltas;
    QVERIFY(relayedAtPause <= deltasAtPause + HttpCompletion::readBufferBytes / piece.size() + 1);

    // Wait until the upstream cannot write any more (TCP flow control has reached it), and
    // longer than the idle timeout.
    qint64 sent = -1;
    QElapsedTimer waited;
    waited.start();
    while ((up.bytesSent() != sent || waited.elapsed() < 2 * idleTimeoutMs)
        && waited.elapsed() < 20000) {
        sent = up.bytesSent();
        QTest::qWait(400);
    }
    QCOMPARE(up.bytesSent(), sent);
    QCOMPARE(run.deltas, relayedAtPause); // nothing relayed while paused
    QVERIFY2(run.finishedCount == 0, // and no idle timeout for our own pause
        qPrintable(run.error ? run.error->message : u"finished"_s));
    qInfo("Paused after %d deltas: the upstream could send %lld of %lld bytes", relayedAtPause,
        sent, qint64(body.size()));
    // Held back: the kernel's socket buffers and Qt's bounded ones, not the whole reply.
    QVERIFY2(sent < body.size() / 2,
        qPrintable(u"%1 of %2 bytes sent while paused"_s.arg(sent).arg(body.size())));

    run.completion->setPaused(false);
    QVERIFY(run.waitFinished(60000));
    QCOMPARE(run.finish, FinishReason::Stop);
    QCOMPARE(run.deltas, pieces);
    QCOMPARE(run.text.size(), qsizetype(pieces) * piece.size());
}

void TestUpstreamBounds::pacedStreamPausesAndResumes()
{
    // A paced stream (small reads) has its read bound lifted (HttpCompletion::noteReadSize);
    // a pause well after that restores it, and the stream must neither relay while paused nor
    // stall after the pause, whatever Qt's HTTP thread counted while the bound was lifted.
    const QByteArray piece(256, 'q');
    constexpr int pieces = 300;
    QByteArray body;
    for (int i = 0; i < pieces; ++i)
        body += textLine(Kind::OpenAi, piece);
    body += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            "data: [DONE]\n\n";
    FakeUpstream up;
    FakeUpstream::Response response;
    response.body = body;
    response.writeSize = FakeUpstream::PerSseEvent;
    response.writeIntervalMs = 2;
    up.serve(response);
    const auto provider = createProvider(configFor(Kind::OpenAi, up.baseUrl()));

    Run run(*provider, 64 * 1024);
    constexpr int pauseAt = 3 * HttpCompletion::smallReadsToLift;
    int deltasAtPause = -1;
    QObject::connect(run.completion, &Completion::delta, &run.parent, [&] {
        if (deltasAtPause < 0 && run.deltas >= pauseAt) {
            run.completion->setPaused(true);
            deltasAtPause = run.deltas;
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(deltasAtPause > 0, 10000);
    const int relayedAtPause = run.deltas;
    // Long enough for many more of the upstream's writes to arrive.
    QSignalSpy finished(run.completion, &Completion::finished);
    QVERIFY(!finished.wait(300));
    QCOMPARE(run.deltas, relayedAtPause); // nothing relayed while paused

    run.completion->setPaused(false);
    QVERIFY(run.waitFinished(20000));
    QCOMPARE(run.finish, FinishReason::Stop);
    QCOMPARE(run.deltas, pieces);
    QCOMPARE(run.text.size(), qsizetype(pieces) * piece.size());
}

QTEST_GUILESS_MAIN(TestUpstreamBounds)
#include "tst_upstreambounds.moc"
