// palaver-fakeupstream's parts without sockets: reading the reply plan from a prompt, reading
// HTTP requests, and the bytes of an OpenAI-compatible SSE stream.

#include "httprequest.h"
#include "prompt.h"
#include "sse.h"

#include <QTest>

using namespace fakeupstream;

class TestFakeUpstreamParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void promptPlans()
    {
        const auto plan = parsePrompt(
            R"({"messages":[{"role":"user","content":"fakeupstream tokens=100 tps=50"}]})");
        QVERIFY(plan);
        QCOMPARE(plan->tokens, std::uint64_t(100));
        QCOMPARE(plan->tokensPerSecond, 50.0);
        // The last one counts (the newest prompt after the history), a fraction of a pace too.
        const auto last
            = parsePrompt("fakeupstream tokens=1 tps=1 ... fakeupstream tokens=7 tps=2.5");
        QVERIFY(last);
        QCOMPARE(last->tokens, std::uint64_t(7));
        QCOMPARE(last->tokensPerSecond, 2.5);
    }

    void promptsOutOfBounds()
    {
        QVERIFY(!parsePrompt("hello"));
        QVERIFY(!parsePrompt("fakeupstream tokens=0 tps=5"));
        QVERIFY(!parsePrompt("fakeupstream tokens=1000001 tps=5"));
        QVERIFY(!parsePrompt("fakeupstream tokens=5 tps=0"));
        QVERIFY(!parsePrompt("fakeupstream tokens=5 tps=2000000"));
        QVERIFY(!parsePrompt("fakeupstream tokens=5"));
        QVERIFY(!parsePrompt("fakeupstream tokens=1.5 tps=5"));
        QVERIFY(!parsePrompt("fakeupstream tokens=99999999999999999999999 tps=5"));
        QVERIFY(!parsePrompt("fakeupstream tokens=5 tps=1.2.3"));
    }

    void tokenChunks()
    {
        QCOMPARE(tokenText(7, 123456789), std::string("7@123456789 "));
        const std::string chunk = contentChunk("7@123456789 ");
        // One HTTP chunk: hex size, CRLF, the SSE event, CRLF.
        const std::size_t crlf = chunk.find("\r\n");
        const std::string event = chunk.substr(crlf + 2, chunk.size() - crlf - 4);
        QCOMPARE(std::stoul(chunk.substr(0, crlf), nullptr, 16), event.size());
        QCOMPARE(chunk.substr(chunk.size() - 2), std::string("\r\n"));
        QCOMPARE(event,
            std::string(R"(data: {"id":"fake","object":"chat.completion.chunk","model":"fake",)"
                        R"("choices":[{"index":0,"delta":{"content":"7@123456789 "},)"
                        R"("finish_reason":null}]})"
                        "\n\n"));
    }

    void finishAndHead()
    {
        const std::string end = finishChunks(3);
        QVERIFY(end.find(R"("finish_reason":"stop")") != std::string::npos);
        QVERIFY(end.find(R"("completion_tokens":3)") != std::string::npos);
        QVERIFY(end.find("data: [DONE]\n\n") != std::string::npos);
        // The last chunk is the empty one: the response ends, the connection stays.
        QCOMPARE(end.substr(end.size() - 5), std::string("0\r\n\r\n"));
        const std::string head = streamHead();
        QVERIFY(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
        QVERIFY(head.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
        QVERIFY(head.find("Content-Type: text/event-stream\r\n") != std::string::npos);
        QCOMPARE(head.substr(head.size() - 4), std::string("\r\n\r\n"));
    }

    void requestsOneAfterAnother()
    {
        RequestReader reader;
        const std::string first = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                  "content-LENGTH: 5\r\n\r\nhello";
        const std::string second
            = "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 2\r\n\r\nok";
        // Byte by byte, then the second pipelined behind it.
        for (std::size_t i = 0; i + 1 < first.size(); ++i)
            QCOMPARE(reader.feed(first.substr(i, 1)), RequestReader::State::Incomplete);
        QCOMPARE(
            reader.feed(first.substr(first.size() - 1) + second), RequestReader::State::Complete);
        QCOMPARE(reader.method(), std::string("POST"));
        QCOMPARE(reader.path(), std::string("/v1/chat/completions"));
        QCOMPARE(reader.body(), std::string_view("hello"));
        QCOMPARE(reader.next(), RequestReader::State::Complete);
        QCOMPARE(reader.body(), std::string_view("ok"));
        QCOMPARE(reader.next(), RequestReader::State::Incomplete);
    }

    void badRequests()
    {
        const auto state = [](const std::string& bytes) {
            RequestReader reader;
            return reader.feed(bytes);
        };
        QCOMPARE(state("POST /x HTTP/1.1\r\n\r\n"), RequestReader::State::Bad); // no length
        QCOMPARE(state("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            RequestReader::State::Bad);
        QCOMPARE(
            state("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), RequestReader::State::Bad);
        QCOMPARE(state("POST /x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"),
            RequestReader::State::Bad);
        QCOMPARE(state("garbage\r\n\r\n"), RequestReader::State::Bad);
        QCOMPARE(
            state(std::string(RequestReader::maxHeadBytes + 1, 'a')), RequestReader::State::Bad);
        QCOMPARE(state("GET / HTTP/1.1\r\n\r\n"), RequestReader::State::Complete);
    }
};

QTEST_GUILESS_MAIN(TestFakeUpstreamParts)
#include "tst_fakeupstream_parts.moc"
