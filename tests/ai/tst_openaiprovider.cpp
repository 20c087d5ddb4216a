#include "fakeupstream.h"
#include "providertestsupport.h"

#include <QJsonArray>
#include <QTest>

using namespace providertest;
using palaver::protocol::ErrorCode;

Q_DECLARE_METATYPE(ErrorCode)

/// OpenAiCompatibleProvider against a fake upstream: streaming, the request it sends, one-shot
/// replies, cut-off streams, mid-stream errors and abort.
class TestOpenAiProvider : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamsFixture_data();
    void streamsFixture();
    void sendsAProperRequest();
    void noKeyNoAuthorization();
    void truncatedStreamIsInterrupted();
    void midStreamErrors_data();
    void midStreamErrors();
    void oneShotJsonReply();
    void abortClosesTheConnection();
};

void TestOpenAiProvider::streamsFixture_data()
{
    QTest::addColumn<int>("writeSize");
    QTest::newRow("7 bytes") << 7;
    QTest::newRow("1 byte") << 1;
    QTest::newRow("13 bytes") << 13;
    QTest::newRow("whole") << int(FakeUpstream::Whole);
    QTest::newRow("one SSE event") << int(FakeUpstream::PerSseEvent);
}

void TestOpenAiProvider::streamsFixture()
{
    QFETCH(int, writeSize);
    FakeUpstream up;
    QVERIFY(up.isListening());
    up.serveFile(streamFixture, writeSize);
    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    const Outcome& out = run.outcome();
    QCOMPARE(out.finishedCount, 1);
    QCOMPARE(out.finish, FinishReason::Stop);
    QVERIFY(!out.error);
    QCOMPARE(out.text, expectedContent(u"openai-chat-stream-1.sse"_s));
    QVERIFY(!out.text.contains(u"null"_s));
    QVERIFY(run.deltas() > 10); // relayed piece by piece, not at the end
    QCOMPARE(out.usages, (QList<Usage> { { 14, 30 } }));
}

void TestOpenAiProvider::sendsAProperRequest()
{
    FakeUpstream up;
    up.serveFile(streamFixture);
    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(up.requests().size(), 1);
    const FakeUpstream::Request got = up.requests().first();
    QCOMPARE(got.method, "POST"_ba);
    QCOMPARE(got.path, "/v1/chat/completions"_ba);
    QCOMPARE(got.header("Authorization"), "Bearer sk-test-123"_ba);
    QCOMPARE(got.header("Content-Type"), "application/json"_ba);
    QCOMPARE(got.header("User-Agent"), "Palaver/0.1"_ba);

    const QJsonObject body = QJsonDocument::fromJson(got.body).object();
    QCOMPARE(body.value("model"_L1).toString(), u"gpt-test"_s);
    QCOMPARE(body.value("stream"_L1).toBool(), true);
    QCOMPARE(body.value("stream_options"_L1).toObject().value("include_usage"_L1).toBool(), true);
    const QJsonArray messages = body.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"system"_s);
    QCOMPARE(messages.at(1).toObject().value("role"_L1).toString(), u"user"_s);
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"Weather in Paris? ☀"_s);
}

void TestOpenAiProvider::noKeyNoAuthorization()
{
    FakeUpstream up;
    FakeUpstream::Response refused;
    refused.status = 401;
    up.serve(refused);
    LlmConfig config = configFor(QUrl(up.baseUrl().toString() + u"/"_s)); // trailing slash too
    config.apiKey.clear();
    OpenAiCompatibleProvider provider(config);
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(up.requests().size(), 1);
    QCOMPARE(up.requests().first().path, "/v1/chat/completions"_ba);
    QCOMPARE(up.requests().first().header("Authorization"), QByteArray());
    QCOMPARE(run.outcome().error->message,
        u"The model server refused the API key (401). No API key is set: put it in PALAVER_LLM_API_KEY."_s);
}

void TestOpenAiProvider::truncatedStreamIsInterrupted()
{
    FakeUpstream up;
    FakeUpstream::Response response = FakeUpstream::responseFromFile(streamFixture, 7);
    response.truncateAfter = response.body.size() / 2;
    up.serve(response);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    const Outcome& out = run.outcome();
    QCOMPARE(out.finish, FinishReason::Interrupted);
    const QString full = expectedContent(u"openai-chat-stream-1.sse"_s);
    QVERIFY(!out.text.isEmpty());
    QVERIFY(out.text.size() < full.size());
    QVERIFY(full.startsWith(out.text));
    QVERIFY(out.usages.isEmpty());
}

void TestOpenAiProvider::midStreamErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("openrouter") << u"openrouter-midstream-error-docs-1.sse"_s
                                << u"Provider disconnected unexpectedly"_s;
    QTest::newRow("llama.cpp error field")
        << u"llamacpp-legacy-midstream-error-1.sse"_s << u"exceeds the available context size"_s;
}

void TestOpenAiProvider::midStreamErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, messagePart);
    FakeUpstream up;
    up.serveFile(fixtureDir + fixture, 2);
    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finishedCount, 1);
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamError);
    QVERIFY2(run.outcome().error->message.contains(messagePart),
        qPrintable(run.outcome().error->message));
}

void TestOpenAiProvider::oneShotJsonReply()
{
    FakeUpstream up;
    FakeUpstream::Response response;
    response.contentType = "application/json; charset=utf-8";
    response.body
        = R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour ☀"},"finish_reason":"length"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}})";
    response.writeSize = 5;
    up.serve(response);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().text, u"Bonjour ☀"_s);
    QCOMPARE(run.outcome().finish, FinishReason::Length);
    QCOMPARE(run.outcome().usages, (QList<Usage> { { 9, 3 } }));
}

void TestOpenAiProvider::abortClosesTheConnection()
{
    FakeUpstream up;
    // 1 byte per millisecond: the whole body would take seconds, so the abort surely lands
    // mid-stream.
    FakeUpstream::Response response = FakeUpstream::responseFromFile(streamFixture, 1);
    response.writeIntervalMs = 1;
    up.serve(response);
    QSignalSpy closed(&up, &FakeUpstream::clientClosedEarly);
    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QSignalSpy deltas(run.completion(), &Completion::delta);
    while (deltas.size() < 2)
        QVERIFY(deltas.wait(5000));
    run.completion()->abort();
    const int deltasAtAbort = run.deltas();
    QVERIFY(closed.wait(5000));
    // The fake upstream would have kept writing for thousands of ticks; none of it may surface.
    QTest::qWait(50);
    QCOMPARE(run.deltas(), deltasAtAbort);
    QCOMPARE(run.outcome().finishedCount, 0);
    QVERIFY(run.outcome().usages.isEmpty());
    run.completion()->abort(); // a second abort is harmless
    QCOMPARE(run.outcome().finishedCount, 0);
}

QTEST_GUILESS_MAIN(TestOpenAiProvider)
#include "tst_openaiprovider.moc"
