#include "fakeupstream.h"
#include "providertestsupport.h"

#include <QTcpServer>
#include <QTest>

using namespace providertest;
using palaver::protocol::ErrorCode;

Q_DECLARE_METATYPE(ErrorCode)

/// OpenAiCompatibleProvider failures: HTTP errors, retries, redirects, unreachable
/// servers and timeouts, each a message a person understands.
class TestOpenAiProviderErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void httpErrors_data();
    void httpErrors();
    void retriesAfterRetryAfter();
    void retriesAreLimited();
    void redirectIsNotFollowed();
    void connectionRefused();
    void webPageIsNotAnApi();
    void firstByteTimeout();
    void idleTimeout();
};

void TestOpenAiProviderErrors::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QStringList>("messageParts");

    const QByteArray badKey
        = R"({"error":{"message":"Incorrect API key provided: sk-te***123.","type":"invalid_request_error","code":"invalid_api_key"}})";
    QTest::newRow("401")
        << 401 << badKey << QByteArray() << ErrorCode::UpstreamError
        << QStringList {
               u"The model server refused the API key (401): Incorrect API key provided"_s,
               u"Check PALAVER_LLM_API_KEY."_s
           };
    QTest::newRow("403") << 403 << QByteArray() << QByteArray() << ErrorCode::UpstreamError
                         << QStringList { u"refused the API key (403)"_s };
    QTest::newRow("404") << 404
                         << R"({"error":{"message":"The model `gpt-test` does not exist"}})"_ba
                         << QByteArray() << ErrorCode::UpstreamError
                         << QStringList {
                                u"does not know model 'gpt-test' or the URL is wrong (404)"_s,
                                u"does not exist"_s
                            };
    // A Retry-After longer than the provider waits for is reported, not waited for.
    QTest::newRow("429") << 429 << R"({"error":{"message":"Slow down"}})"_ba
                         << "120"_ba << ErrorCode::UpstreamError
                         << QStringList { u"Rate limited by the provider (429)"_s,
                                u"retry in 120 s"_s, u"Slow down"_s };
    QTest::newRow("500") << 500 << "upstream exploded"_ba << QByteArray()
                         << ErrorCode::UpstreamUnavailable
                         << QStringList { u"(500)"_s, u"upstream exploded"_s };
    QTest::newRow("503") << 503 << "<html><body>busy</body></html>"_ba << QByteArray()
                         << ErrorCode::UpstreamUnavailable
                         << QStringList { u"The model server is unavailable (503)"_s };
}

void TestOpenAiProviderErrors::httpErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);
    QFETCH(ErrorCode, code);
    QFETCH(QStringList, messageParts);

    FakeUpstream up;
    FakeUpstream::Response response;
    response.status = status;
    response.contentType = body.startsWith('{') ? "application/json" : "text/html";
    response.body = body;
    response.writeSize = 3;
    if (!retryAfter.isEmpty())
        response.headers.append({ "Retry-After", retryAfter });
    up.serve(response);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    const Outcome& out = run.outcome();
    QCOMPARE(out.finish, FinishReason::Error);
    QVERIFY(out.error);
    QCOMPARE(out.error->code, code);
    for (const QString& part : messageParts)
        QVERIFY2(out.error->message.contains(part), qPrintable(out.error->message));
    QVERIFY2(!out.error->message.contains(u"<html>"_s), qPrintable(out.error->message));
    QVERIFY(out.text.isEmpty());
}

void TestOpenAiProviderErrors::retriesAfterRetryAfter()
{
    FakeUpstream up;
    FakeUpstream::Response busy;
    busy.status = 429;
    busy.contentType = "application/json";
    busy.body = R"({"error":{"message":"Slow down"}})";
    busy.headers.append({ "Retry-After"_ba, "0"_ba });
    up.enqueue(busy);
    up.serveFile(streamFixture, 7);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QSignalSpy status(run.completion(), &Completion::statusChanged);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Stop);
    QCOMPARE(run.outcome().text, expectedContent(u"openai-chat-stream-1.sse"_s));
    QCOMPARE(up.requests().size(), 2);
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.first().at(0).value<palaver::protocol::GenerationState>(),
        palaver::protocol::GenerationState::Retrying);
    QCOMPARE(status.first().at(1).value<std::optional<qint64>>(), std::optional<qint64>(0));
}

void TestOpenAiProviderErrors::retriesAreLimited()
{
    FakeUpstream up;
    FakeUpstream::Response busy;
    busy.status = 503;
    busy.contentType = "text/plain";
    busy.body = "overloaded";
    busy.headers.append({ "Retry-After"_ba, "0"_ba });
    up.serve(busy);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamUnavailable);
    QVERIFY(run.outcome().error->message.contains(u"overloaded"_s));
    QCOMPARE(up.requests().size(), 3); // the first try and two retries
}

void TestOpenAiProviderErrors::redirectIsNotFollowed()
{
    FakeUpstream up;
    FakeUpstream::Response response;
    response.status = 302;
    response.contentType = "text/plain";
    response.headers.append({ "Location", up.baseUrl().toEncoded() + "/elsewhere" });
    up.serve(response);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamError);
    QVERIFY(run.outcome().error->message.contains(u"redirect"_s));
    QCOMPARE(up.requests().size(), 1);
    QCOMPARE(up.requests().first().method, "POST"_ba);
}

void TestOpenAiProviderErrors::connectionRefused()
{
    // A port that was free a moment ago: nothing listens there now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const QUrl base(u"http://127.0.0.1:%1/v1"_s.arg(port));

    OpenAiCompatibleProvider provider(configFor(base));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamUnavailable);
    QVERIFY2(run.outcome().error->message.startsWith(
                 u"Cannot reach the model server at http://127.0.0.1:%1/v1/chat/completions"_s.arg(
                     port)),
        qPrintable(run.outcome().error->message));
}

void TestOpenAiProviderErrors::firstByteTimeout()
{
    FakeUpstream up;
    FakeUpstream::Response response = FakeUpstream::responseFromFile(streamFixture);
    response.silentAfterHeaders = true;
    up.serve(response);
    QSignalSpy closed(&up, &FakeUpstream::clientClosedEarly);
    LlmConfig config = configFor(up.baseUrl());
    config.connectTimeoutMs = 200;
    OpenAiCompatibleProvider provider(config);
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamTimeout);
    QVERIFY(closed.size() == 1 || closed.wait(5000));
}

void TestOpenAiProviderErrors::idleTimeout()
{
    FakeUpstream up;
    FakeUpstream::Response response = FakeUpstream::responseFromFile(streamFixture, 13);
    response.stallAfter = response.body.size() / 3;
    up.serve(response);
    LlmConfig config = configFor(up.baseUrl());
    config.idleTimeoutMs = 200;
    OpenAiCompatibleProvider provider(config);
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamTimeout);
    QVERIFY2(run.outcome().error->message.contains(u"stopped sending"_s),
        qPrintable(run.outcome().error->message));
    QVERIFY(!run.outcome().text.isEmpty()); // the partial text was relayed before the stall
}

void TestOpenAiProviderErrors::webPageIsNotAnApi()
{
    FakeUpstream up;
    FakeUpstream::Response page;
    page.contentType = "text/html; charset=utf-8";
    page.body = "<!doctype html><title>Open WebUI</title>";
    up.serve(page);

    OpenAiCompatibleProvider provider(configFor(up.baseUrl()));
    Recorder run(provider);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.outcome().finish, FinishReason::Error);
    QCOMPARE(run.outcome().error->code, ErrorCode::UpstreamError);
    QVERIFY2(run.outcome().error->message.contains(u"web page"_s),
        qPrintable(run.outcome().error->message));
    QVERIFY(run.outcome().text.isEmpty());
}

QTEST_GUILESS_MAIN(TestOpenAiProviderErrors)
#include "tst_openaiprovidererrors.moc"
