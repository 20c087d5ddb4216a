// The load generator's socket-free parts: what makes a row valid or not must itself be right.
// A corrupt or foreign payload is caught, a key spelled inside a string is not taken for a
// member, frames are read whole however they are split, and percentiles are where they belong.

#include "histogram.h"
#include "httpupgrade.h"
#include "jsonscan.h"
#include "payload.h"
#include "replytokens.h"
#include "report.h"
#include "wsframe.h"

#include <QTest>

using namespace loadgen;

namespace {

/// A server frame (unmasked), as palaver-server or a peer sends it.
std::string serverFrame(std::uint8_t first, const std::string& payload)
{
    std::string frame(1, char(first));
    if (payload.size() < 126) {
        frame += char(payload.size());
    } else {
        frame += char(126);
        frame += char(payload.size() >> 8);
        frame += char(payload.size() & 0xFF);
    }
    return frame + payload;
}

QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

} // namespace

class TestLoadgenParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void payloadRoundTrip()
    {
        for (const std::size_t size : { std::size_t(0), std::size_t(64), std::size_t(300) }) {
            const std::string body = makePayload({ 7, 12345, 987654321 }, size);
            QVERIFY(body.size() >= size);
            QVERIFY(body.find_first_of(" \n\"\\") == std::string::npos);
            const auto header = checkPayload(body);
            QVERIFY(header);
            QCOMPARE(header->stream, std::uint64_t(7));
            QCOMPARE(header->seq, std::uint64_t(12345));
            QCOMPARE(header->sentNs, std::int64_t(987654321));
        }
    }

    void payloadCorruptionIsCaught()
    {
        const std::string body = makePayload({ 1, 2, 3 }, 300);
        std::string flipped = body;
        flipped[200] = flipped[200] == 'a' ? 'b' : 'a';
        QVERIFY(!checkPayload(flipped));
        QVERIFY(!checkPayload(body.substr(0, 4))); // cut inside the header
        // Another send's padding under this header: the body does not match its sequence number.
        std::string swapped = makePayload({ 1, 2, 3 }, 40);
        const std::string other = makePayload({ 1, 5, 3 }, 40);
        swapped.replace(swapped.size() - 10, 10, other.substr(other.size() - 10));
        QVERIFY(!checkPayload(swapped));
        QVERIFY(!checkPayload("x.1.2."));
        QVERIFY(!checkPayload(""));
    }

    void jsonFieldsAtAnyDepth()
    {
        const std::string event = "{\"type\":\"message\",\"convId\":\"c1\",\"seq\":42,"
                                  "\"message\":{\"msgId\":\"m1\",\"author\":{\"name\":\"text\"},"
                                  "\"text\" : \"0.1.2.abc\",\"status\":\"complete\"}}";
        QCOMPARE(bytes(jsonString(event, "type").value_or("")), "message");
        // "text" first appears as a value (the author's name); the member comes later.
        QCOMPARE(bytes(jsonString(event, "text").value_or("")), "0.1.2.abc");
        QCOMPARE(jsonInteger(event, "seq").value_or(-1), 42LL);
        QVERIFY(!jsonString(event, "missing"));
        QVERIFY(!jsonString(event, "seq")); // a number, not a string
        // A key spelled inside a string value, with an escaped quote before it.
        const std::string tricky
            = "{\"note\":\"say \\\"type\\\":\\\"ack\\\" twice\",\"type\":\"pong\"}";
        QCOMPARE(bytes(jsonString(tricky, "type").value_or("")), "pong");
        QVERIFY(!jsonString("{\"type\":\"unterminated", "type"));
    }

    void clientFramesAreMasked()
    {
        const std::string payload(300, 'x');
        const std::string frame = ws::clientFrame(ws::Text, payload, 0x01020304);
        QCOMPARE(int(std::uint8_t(frame[0])), 0x81);
        QCOMPARE(int(std::uint8_t(frame[1])), 0x80 | 126);
        QCOMPARE(frame.size(), 4 + 4 + payload.size());
        for (std::size_t i = 0; i < payload.size(); ++i)
            QCOMPARE(char(frame[8 + i] ^ frame[4 + (i & 3)]), 'x');
    }

    void framesReadWholeHoweverSplit()
    {
        const std::string stream = serverFrame(0x81, "first")
            + serverFrame(0x89, "ping!") // a ping in between
            + serverFrame(0x01, "frag") + serverFrame(0x80, "mented") // fragmented
            + serverFrame(0x81, std::string(200, 'y'));
        // Fed one byte more at a time: the same messages, in order.
        ws::FrameReader reader;
        std::string buffer;
        std::size_t offset = 0;
        std::vector<std::string> messages;
        int controls = 0;
        for (const char byte : stream) {
            buffer += byte;
            while (true) {
                const auto result = reader.next(buffer, &offset);
                if (result == ws::FrameReader::Result::NeedMore)
                    break;
                QVERIFY(result != ws::FrameReader::Result::Error);
                if (result == ws::FrameReader::Result::Control) {
                    QCOMPARE(reader.opcode(), ws::Ping);
                    ++controls;
                } else {
                    messages.emplace_back(reader.message());
                }
            }
        }
        QCOMPARE(controls, 1);
        QCOMPARE(messages.size(), std::size_t(3));
        QCOMPARE(bytes(messages[0]), "first");
        QCOMPARE(bytes(messages[1]), "fragmented");
        QCOMPARE(bytes(messages[2]), QByteArray(200, 'y'));
        QCOMPARE(offset, stream.size());
    }

    void framesAreBounded()
    {
        ws::FrameReader reader(100);
        const std::string big = serverFrame(0x81, std::string(101, 'z'));
        std::size_t offset = 0;
        QCOMPARE(reader.next(big, &offset), ws::FrameReader::Result::Error);
        ws::FrameReader masked;
        std::string frame = serverFrame(0x81, "x");
        frame[1] = char(frame[1] | 0x80);
        offset = 0;
        QCOMPARE(masked.next(frame, &offset), ws::FrameReader::Result::Error);
    }

    void upgradeAnswers()
    {
        const std::string request = upgradeRequest("127.0.0.1:1", "/v1/ws", "palaver.v1");
        QVERIFY(request.rfind("GET /v1/ws HTTP/1.1\r\n", 0) == 0);
        QVERIFY(request.find("Sec-WebSocket-Protocol: palaver.v1\r\n") != std::string::npos);
        const std::string accepted
            = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
        const auto ok = parseUpgradeResponse(accepted + "\x81\x01x");
        QCOMPARE(int(ok.state), int(UpgradeResponse::State::Accepted));
        QCOMPARE(ok.headerBytes, accepted.size());
        const auto refused = parseUpgradeResponse("HTTP/1.1 429 Too Many Requests\r\n\r\n");
        QCOMPARE(int(refused.state), int(UpgradeResponse::State::Refused));
        QCOMPARE(bytes(refused.statusLine), "HTTP/1.1 429 Too Many Requests");
        QCOMPARE(int(parseUpgradeResponse("HTTP/1.1 101 Sw").state),
            int(UpgradeResponse::State::Incomplete));
    }

    void percentiles()
    {
        Histogram histogram;
        for (std::int64_t i = 1; i <= 10000; ++i)
            histogram.record(i * 1000); // 1 µs … 10 ms
        QCOMPARE(histogram.count(), std::uint64_t(10000));
        QCOMPARE(histogram.max(), std::int64_t(10000000));
        const auto near = [](std::int64_t value, double expected) {
            return std::abs(double(value) - expected) <= expected * 0.04;
        };
        QVERIFY2(near(histogram.percentile(0.5), 5e6),
            qPrintable(QString::number(histogram.percentile(0.5))));
        QVERIFY2(near(histogram.percentile(0.99), 9.9e6),
            qPrintable(QString::number(histogram.percentile(0.99))));
        QVERIFY(histogram.percentile(1.0) <= histogram.max());
        QCOMPARE(Histogram().percentile(0.5), std::int64_t(0));
    }

    /// The relay's tokens, `SEQ@NS `, however the server splits them over deltas.
    void replyTokens()
    {
        ReplyTokens tokens;
        std::vector<std::int64_t> sent;
        const auto note = [&sent](std::int64_t ns) { sent.push_back(ns); };
        QVERIFY(tokens.feed("0@100 1@2", note));
        QVERIFY(tokens.pending());
        QVERIFY(tokens.feed("00 2@300 ", note));
        QVERIFY(!tokens.pending());
        QCOMPARE(tokens.count(), std::uint64_t(3));
        QCOMPARE(sent, (std::vector<std::int64_t> { 100, 200, 300 }));

        ReplyTokens skipped;
        QVERIFY(!skipped.feed("0@1 2@2 ", note));
        QVERIFY(skipped.error().find("token 2 when 1 was due") != std::string::npos);
        QVERIFY(!skipped.feed("1@1 ", note)); // nothing more is read after an error
        ReplyTokens repeated;
        QVERIFY(!repeated.feed("0@1 0@1 ", note));
        for (const char* garbled : { "x@1 ", "0@ ", "@5 ", "0-5 ", "0@5x " }) {
            ReplyTokens bad;
            QVERIFY2(!bad.feed(garbled, note), garbled);
            QVERIFY(bad.error().find("malformed") != std::string::npos);
        }
        ReplyTokens endless;
        QVERIFY(!endless.feed(std::string(100, '1'), note)); // no token is that long
    }

    void rowsSayWhyTheyFailed()
    {
        Row row;
        row.scenario = "fanout";
        row.dialect = "room";
        row.figures.add("delivered", 3).add("rate", 1.5);
        QVERIFY(row.valid);
        row.invalidate("delivered 3 of 4");
        row.invalidate("a later reason");
        QCOMPARE(bytes(row.text()),
            "{\"scenario\":\"fanout\",\"dialect\":\"room\",\"params\":{},\"figures\":{"
            "\"delivered\":3,"
            "\"rate\":1.500},\"valid\":false,\"reason\":\"delivered 3 of "
            "4\",\"loadgen_saturated\":false}");
        JsonObject escaped;
        escaped.add("why", "a \"quoted\"\nline");
        QCOMPARE(bytes(escaped.text()), "{\"why\":\"a \\\"quoted\\\"\\u000aline\"}");
    }
};

QTEST_GUILESS_MAIN(TestLoadgenParts)
#include "tst_loadgen_parts.moc"
