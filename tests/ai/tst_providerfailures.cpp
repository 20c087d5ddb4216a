#include "providerkinds.h"

#include <QTcpServer>

using namespace providertest;
using palaver::protocol::ErrorCode;
using palaver::protocol::GenerationState;
using palaver::server::createProvider;

Q_DECLARE_METATYPE(ErrorCode)

namespace {

/// A provider of `kind` pointing at `up`, and one completion of it that records what it emits.
constexpr int retryBaseDelayMs = 20;

struct Run
{
    Run(Kind kind, const QUrl& baseUrl, int connectTimeoutMs = 10000, int idleTimeoutMs = 10000)
    {
        LlmConfig config = configFor(kind, baseUrl);
        config.connectTimeoutMs = connectTimeoutMs;
        config.idleTimeoutMs = idleTimeoutMs;
        config.retryBaseDelayMs = retryBaseDelayMs; // backoff without Retry-After: quick here
        provider = createProvider(config);
        recorder = std::make_unique<Recorder>(*provider);
    }
    std::unique_ptr<Provider> provider;
    std::unique_ptr<Recorder> recorder;
};

} // namespace

/// The failure paths of all three HTTP providers (OpenAI-compatible, Ollama, Anthropic): cut-off
/// streams, HTTP errors, redirects, timeouts, unreachable servers, one-shot replies, errors inside
/// the stream, and retries only before the first token.
class TestProviderFailures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void truncatedStreamIsInterrupted_data() { kindColumn(); }
    void truncatedStreamIsInterrupted();
    void httpErrors_data();
    void httpErrors();
    void redirectIsNotFollowed_data() { kindColumn(); }
    void redirectIsNotFollowed();
    void silenceAfterHeadersTimesOut_data() { kindColumn(); }
    void silenceAfterHeadersTimesOut();
    void stallMidStreamTimesOut_data() { kindColumn(); }
    void stallMidStreamTimesOut();
    void connectionRefused_data() { kindColumn(); }
    void connectionRefused();
    void oneShotJsonReply_data() { kindColumn(); }
    void oneShotJsonReply();
    void midStreamErrorKeepsPartialText_data() { kindColumn(); }
    void midStreamErrorKeepsPartialText();
    void retriesAfterRetryAfter_data() { kindColumn(); }
    void retriesAfterRetryAfter();
    void droppedConnectionIsRetried_data() { kindColumn(); }
    void droppedConnectionIsRetried();

private:
    static void kindColumn()
    {
        QTest::addColumn<int>("kind");
        addKindRows();
    }
};

void TestProviderFailures::truncatedStreamIsInterrupted()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response response = goodResponse(Kind(kind));
    const qsizetype end = endMarkerLine(Kind(kind), response.body);
    QVERIFY(end > 0);
    // Cut inside the line that would have ended the reply, so a fragment of it arrives too.
    response.truncateAfter = end + 10;
    // A retry would be wrong even though the server says when: text was already relayed.
    response.headers.append({ "Retry-After"_ba, "0"_ba });
    up.enqueue(response);
    up.serve(goodResponse(Kind(kind)));

    Run run(Kind(kind), up.baseUrl());
    QVERIFY(run.recorder->waitFinished());
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Interrupted);
    QVERIFY(out.error);
    QCOMPARE(out.error->code, ErrorCode::UpstreamError);
    QVERIFY2(
        out.error->message.contains(u"before it was complete"_s), qPrintable(out.error->message));
    QCOMPARE(out.text, expectedContent(goodFixture(Kind(kind)))); // the partial text is kept
    QCOMPARE(up.requests().size(), 1); // never re-sent after the first token
}

void TestProviderFailures::httpErrors_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<int>("attempts");
    for (const Kind kind : { Kind::OpenAi, Kind::Ollama, Kind::Anthropic }) {
        const QString name = kind == Kind::OpenAi ? u"openai"_s
            : kind == Kind::Ollama                ? u"ollama"_s
                                                  : u"anthropic"_s;
        auto row = [&](int status, const QByteArray& retryAfter, ErrorCode code,
                       const QString& phrase, int attempts = 1) {
            QTest::newRow(qPrintable(u"%1 %2"_s.arg(name).arg(status)))
                << int(kind) << status << retryAfter << code << phrase << attempts;
        };
        row(401, {}, ErrorCode::UpstreamError, u"refused the API key (401)"_s);
        row(404, {}, ErrorCode::UpstreamError, u"does not know model 'gpt-test'"_s);
        // Longer than a completion waits for: reported with the delay, not retried.
        row(429, "120", ErrorCode::UpstreamError,
            u"Rate limited by the provider (429); retry in 120 s"_s);
        row(500, {}, ErrorCode::UpstreamUnavailable, u"unavailable (500)"_s);
        // Overloaded: retried with backoff (no Retry-After), then reported.
        row(529, {}, ErrorCode::UpstreamUnavailable, u"The provider is overloaded (529)"_s,
            1 + LlmConfig {}.maxRetries);
    }
}

void TestProviderFailures::httpErrors()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(ErrorCode, code);
    QFETCH(QString, phrase);
    QFETCH(int, attempts);

    FakeUpstream up;
    FakeUpstream::Response response;
    response.status = status;
    response.contentType = "application/json";
    response.body = httpErrorBody(Kind(kind), u"provider says no"_s);
    response.writeSize = 5;
    if (!retryAfter.isEmpty())
        response.headers.append({ "Retry-After", retryAfter });
    up.serve(response);

    Run run(Kind(kind), up.baseUrl());
    QSignalSpy statuses(run.recorder->completion(), &Completion::statusChanged);
    QVERIFY(run.recorder->waitFinished());
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Error);
    QVERIFY(out.error);
    QCOMPARE(out.error->code, code);
    QCOMPARE(statuses.size(), attempts - 1);
    QVERIFY2(out.error->message.contains(phrase), qPrintable(out.error->message));
    // Each API's own error shape yields the provider's message.
    QVERIFY2(out.error->message.contains(u"provider says no"_s), qPrintable(out.error->message));
    QVERIFY(out.text.isEmpty());
    QCOMPARE(up.requests().size(), attempts);
}

void TestProviderFailures::redirectIsNotFollowed()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response response;
    response.status = 302;
    response.contentType = "text/plain";
    response.headers.append({ "Location", up.baseUrl().toEncoded() + "/elsewhere" });
    up.serve(response);

    Run run(Kind(kind), up.baseUrl());
    QVERIFY(run.recorder->waitFinished());
    QCOMPARE(run.recorder->outcome().finish, FinishReason::Error);
    QCOMPARE(run.recorder->outcome().error->code, ErrorCode::UpstreamError);
    QVERIFY(run.recorder->outcome().error->message.contains(u"redirected"_s));
    QCOMPARE(up.requests().size(), 1);
    QCOMPARE(up.requests().first().method, "POST"_ba);
}

void TestProviderFailures::silenceAfterHeadersTimesOut()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response response = goodResponse(Kind(kind));
    response.silentAfterHeaders = true;
    up.serve(response);
    QSignalSpy closed(&up, &FakeUpstream::clientClosedEarly);

    Run run(Kind(kind), up.baseUrl(), 200, 200);
    QVERIFY(run.recorder->waitFinished());
    QCOMPARE(run.recorder->outcome().finish, FinishReason::Error);
    QCOMPARE(run.recorder->outcome().error->code, ErrorCode::UpstreamTimeout);
    QVERIFY(closed.size() == 1 || closed.wait(5000)); // and the request is dropped
}

void TestProviderFailures::stallMidStreamTimesOut()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response response = goodResponse(Kind(kind));
    response.stallAfter = endMarkerLine(Kind(kind), response.body);
    up.serve(response);

    Run run(Kind(kind), up.baseUrl(), 10000, 200);
    QVERIFY(run.recorder->waitFinished());
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Error);
    QCOMPARE(out.error->code, ErrorCode::UpstreamTimeout);
    QVERIFY2(out.error->message.contains(u"stopped sending"_s), qPrintable(out.error->message));
    QCOMPARE(out.text, expectedContent(goodFixture(Kind(kind))));
}

void TestProviderFailures::connectionRefused()
{
    QFETCH(int, kind);
    QTcpServer probe; // a port that was free a moment ago: nothing listens there now
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    Run run(Kind(kind), QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port)));
    QSignalSpy status(run.recorder->completion(), &Completion::statusChanged);
    QVERIFY(run.recorder->waitFinished());
    // Retried with backoff (20 ms, then 40 ms) before it is reported.
    QCOMPARE(status.size(), LlmConfig {}.maxRetries);
    QCOMPARE(status.last().at(1).value<std::optional<qint64>>(),
        std::optional<qint64>(2 * retryBaseDelayMs));
    QCOMPARE(run.recorder->outcome().finish, FinishReason::Error);
    QCOMPARE(run.recorder->outcome().error->code, ErrorCode::UpstreamUnavailable);
    QVERIFY2(run.recorder->outcome().error->message.startsWith(
                 u"Cannot reach the model server at http://127.0.0.1:%1/"_s.arg(port)),
        qPrintable(run.recorder->outcome().error->message));
}

void TestProviderFailures::oneShotJsonReply()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response response;
    response.contentType = "application/json";
    response.body = oneShotReply(Kind(kind));
    response.writeSize = 4;
    up.serve(response);

    Run run(Kind(kind), up.baseUrl());
    QVERIFY(run.recorder->waitFinished());
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Stop);
    QVERIFY(!out.error);
    QCOMPARE(out.text, u"Hi"_s);
    QCOMPARE(out.usages, (QList<Usage> { { 3, 2 } }));
}

void TestProviderFailures::midStreamErrorKeepsPartialText()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response response = goodResponse(Kind(kind), 3);
    response.body = response.body.left(endMarkerLine(Kind(kind), response.body))
        + midStreamError(Kind(kind), u"the GPU caught fire"_s);
    up.serve(response);

    Run run(Kind(kind), up.baseUrl());
    QVERIFY(run.recorder->waitFinished());
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Error);
    QCOMPARE(out.error->code, ErrorCode::UpstreamError);
    QVERIFY2(out.error->message.contains(u"the GPU caught fire"_s), qPrintable(out.error->message));
    QCOMPARE(out.text, expectedContent(goodFixture(Kind(kind))));
    QCOMPARE(up.requests().size(), 1);
}

void TestProviderFailures::retriesAfterRetryAfter()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response busy;
    busy.status = 429;
    busy.contentType = "application/json";
    busy.body = httpErrorBody(Kind(kind), u"slow down"_s);
    busy.headers.append({ "Retry-After"_ba, "1"_ba });
    up.enqueue(busy);
    up.serve(goodResponse(Kind(kind)));

    Run run(Kind(kind), up.baseUrl());
    QSignalSpy status(run.recorder->completion(), &Completion::statusChanged);
    QVERIFY(run.recorder->waitFinished(5000));
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Stop);
    QCOMPARE(out.text, expectedContent(goodFixture(Kind(kind))));
    QCOMPARE(up.requests().size(), 2);
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.first().at(0).value<GenerationState>(), GenerationState::Retrying);
    QCOMPARE(status.first().at(1).value<std::optional<qint64>>(), std::optional<qint64>(1000));
}

void TestProviderFailures::droppedConnectionIsRetried()
{
    QFETCH(int, kind);
    FakeUpstream up;
    FakeUpstream::Response dropped;
    dropped.closeWithoutAnswer = true; // e.g. a model server restarting
    // Twice: Qt itself resends a request once when the connection closes before any answer.
    up.enqueue(dropped);
    up.enqueue(dropped);
    up.serve(goodResponse(Kind(kind)));

    Run run(Kind(kind), up.baseUrl());
    QSignalSpy status(run.recorder->completion(), &Completion::statusChanged);
    QVERIFY(run.recorder->waitFinished(5000));
    const Outcome& out = run.recorder->outcome();
    QCOMPARE(out.finish, FinishReason::Stop);
    QVERIFY(!out.error);
    QCOMPARE(out.text, expectedContent(goodFixture(Kind(kind))));
    QCOMPARE(up.requests().size(), 3);
    // One retry of ours after Qt's own resend, or two without it.
    QVERIFY2(status.size() >= 1 && status.size() <= 2, qPrintable(QString::number(status.size())));
    QCOMPARE(status.first().at(0).value<GenerationState>(), GenerationState::Retrying);
    QCOMPARE(status.first().at(1).value<std::optional<qint64>>(),
        std::optional<qint64>(retryBaseDelayMs));
}

QTEST_GUILESS_MAIN(TestProviderFailures)
#include "tst_providerfailures.moc"
