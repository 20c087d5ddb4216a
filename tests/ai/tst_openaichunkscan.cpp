#include "ai/openaichatstream.h"
#include "ai/openaichunkscan.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::server::openaichunk::plainContent;

namespace {

/// What the full parser makes of a chunk's first delta content (the reference).
QString fullParseContent(const QByteArray& json)
{
    const QJsonObject chunk = QJsonDocument::fromJson(json).object();
    return chunk.value("choices"_L1)
        .toArray()
        .first()
        .toObject()
        .value("delta"_L1)
        .toObject()
        .value("content"_L1)
        .toString();
}

} // namespace

/// The fast path for plain content chunks (server/ai/openaichunkscan.h): it must give what the
/// full JSON parse gives, and leave everything else to it.
class TestOpenAiChunkScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsPlainContent_data();
    void readsPlainContent();
    void leavesTheRestToTheFullParser_data();
    void leavesTheRestToTheFullParser();
    void agreesWithTheFullParseOnRecordedStreams();
};

void TestOpenAiChunkScan::readsPlainContent_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("content");
    QTest::newRow("fake upstream")
        << R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"fake","choices":[{"index":0,"delta":{"content":"17@123 "},"finish_reason":null}]})"_ba
        << u"17@123 "_s;
    QTest::newRow("role and logprobs")
        << R"({"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}]})"_ba
        << u"Hi"_s;
    QTest::newRow("escapes")
        << R"({"choices":[{"delta":{"content":"a\"b\\c\/d\ne\tf\u00e9\r\b\f"}}]})"_ba
        << u"a\"b\\c/d\ne\tf\u00e9\r\b\f"_s;
    QTest::newRow("utf-8")
        << "{\"choices\":[{\"delta\":{\"content\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\"}}]}"_ba
        << u"caf\u00e9 \U0001F600"_s;
    QTest::newRow("spaces")
        << " { \"choices\" : [ { \"delta\" : { \"content\" : \"x\" } } ] } \n"_ba << u"x"_s;
    QTest::newRow("null content") << R"({"choices":[{"delta":{"content":null}}]})"_ba << QString();
    QTest::newRow("empty delta") << R"({"choices":[{"delta":{}}]})"_ba << QString();
    QTest::newRow("no choices (Azure's first chunk)")
        << R"({"id":"","object":"","created":0,"model":"","choices":[]})"_ba << QString();
    QTest::newRow("null extras")
        << R"({"usage":null,"error":null,"choices":[{"delta":{"content":"y","reasoning_content":null,"reasoning":null,"refusal":null,"tool_calls":null}}]})"_ba
        << u"y"_s;
    QTest::newRow("more choices, first read")
        << R"({"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]})"_ba << u"a"_s;
    QTest::newRow("numbers")
        << R"({"created":-1.5e+3,"id":0,"choices":[{"index":10,"delta":{"content":"n"}}]})"_ba
        << u"n"_s;
}
void TestOpenAiChunkScan::readsPlainContent()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, content);
    const std::optional<QString> fast = plainContent(json);
    QVERIFY(fast);
    QCOMPARE(*fast, content);
    QCOMPARE(*fast, fullParseContent(json));
}

void TestOpenAiChunkScan::leavesTheRestToTheFullParser_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("finish") << R"({"choices":[{"delta":{},"finish_reason":"stop"}]})"_ba;
    QTest::newRow("usage")
        << R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}})"_ba;
    QTest::newRow("error") << R"({"error":{"message":"boom"}})"_ba;
    QTest::newRow("object error") << R"({"object":"error","message":"boom"})"_ba;
    QTest::newRow("reasoning") << R"({"choices":[{"delta":{"reasoning_content":"hm"}}]})"_ba;
    QTest::newRow("refusal") << R"({"choices":[{"delta":{"refusal":"no"}}]})"_ba;
    QTest::newRow("tool call")
        << R"({"choices":[{"delta":{"tool_calls":[{"function":{"name":"f"}}]}}]})"_ba;
    QTest::newRow("unknown field") << R"({"choices":[],"x_extra":1})"_ba;
    QTest::newRow("unknown delta field")
        << R"({"choices":[{"delta":{"content":"a","audio":1}}]})"_ba;
    QTest::newRow("content twice") << R"({"choices":[{"delta":{"content":"a","content":"b"}}]})"_ba;
    QTest::newRow("choices twice") << R"({"choices":[],"choices":[]})"_ba;
    QTest::newRow("content not a string") << R"({"choices":[{"delta":{"content":5}}]})"_ba;
    QTest::newRow("escaped key") << R"({"choices":[{"delta":{"\u0063ontent":"a"}}]})"_ba;
    QTest::newRow("surrogate escape") << R"({"choices":[{"delta":{"content":"\ud83d\ude00"}}]})"_ba;
    QTest::newRow("invalid utf-8") << "{\"choices\":[{\"delta\":{\"content\":\"\xff\"}}]}"_ba;
    QTest::newRow("invalid utf-8 elsewhere") << "{\"id\":\"\xc3\",\"choices\":[]}"_ba;
    QTest::newRow("truncated") << R"({"choices":[{"delta":{"content":"a"}})"_ba;
    QTest::newRow("trailing comma") << R"({"choices":[{"delta":{"content":"a"},}]})"_ba;
    QTest::newRow("trailing bytes") << R"({"choices":[]} x)"_ba;
    QTest::newRow("leading zero") << R"({"created":01,"choices":[]})"_ba;
    QTest::newRow("bare minus") << R"({"created":-,"choices":[]})"_ba;
    QTest::newRow("bad literal") << R"({"choices":[{"delta":{"content":nul}}]})"_ba;
    QTest::newRow("control character") << "{\"choices\":[{\"delta\":{\"content\":\"a\tb\"}}]}"_ba;
    QTest::newRow("bad escape") << R"({"choices":[{"delta":{"content":"\x41"}}]})"_ba;
    QTest::newRow("short unicode escape") << R"({"choices":[{"delta":{"content":"\u00"}}]})"_ba;
    QTest::newRow("array") << R"([{"choices":[]}])"_ba;
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("too deep") << (R"({"id":)"_ba + QByteArray(40, '[') + QByteArray(40, ']')
        + R"(,"choices":[]})"_ba);
}
void TestOpenAiChunkScan::leavesTheRestToTheFullParser()
{
    QFETCH(QByteArray, json);
    QVERIFY(!plainContent(json));
}

/// Every OpenAI-style event recorded from real servers: where the fast path answers, it
/// answers as the full parse does, and the chunk carried nothing else.
void TestOpenAiChunkScan::agreesWithTheFullParseOnRecordedStreams()
{
    const QDir dir(QStringLiteral(PALAVER_TEST_FIXTURES "/llm"));
    int fast = 0;
    int full = 0;
    for (const QString& name : dir.entryList({ u"*.sse"_s, u"*.chunks.txt"_s })) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (QByteArray line : file.readAll().split('\n')) {
            line = line.trimmed();
            if (line.startsWith("data:"))
                line = line.sliced(5).trimmed();
            if (!line.startsWith('{'))
                continue;
            const std::optional<QString> text = plainContent(line);
            if (!text) {
                ++full;
                continue;
            }
            ++fast;
            QCOMPARE(*text, fullParseContent(line));
            // The full decoder, given the same event, finds that text and nothing more.
            palaver::server::OpenAiChatStream stream;
            palaver::server::SseEvent event;
            event.data = QString::fromUtf8(line);
            const QList<palaver::server::ChatStreamEvent> events = stream.handleEvent(event);
            QCOMPARE(events.size(), text->isEmpty() ? 0 : 1);
        }
    }
    qInfo("%d recorded chunks on the fast path, %d parsed in full", fast, full);
    QVERIFY(fast > 0);
    QVERIFY(full > 0);
}

QTEST_GUILESS_MAIN(TestOpenAiChunkScan)
#include "tst_openaichunkscan.moc"
