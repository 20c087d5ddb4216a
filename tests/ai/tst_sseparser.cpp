#include "ai/sseparser.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::server::SseEvent;
using palaver::server::SseParser;

Q_DECLARE_METATYPE(SseEvent)

namespace {

SseEvent sse(const QString& name, const QString& data, const QString& errorField = {})
{
    return SseEvent { name, data, errorField };
}

QList<SseEvent> parseInWrites(const QByteArray& bytes, qsizetype size)
{
    SseParser parser;
    QList<SseEvent> events;
    for (qsizetype at = 0; at < bytes.size(); at += size)
        events += parser.feed(QByteArrayView(bytes).sliced(at, qMin(size, bytes.size() - at)));
    events += parser.finish();
    return events;
}

} // namespace

/// SseParser: WHATWG event framing, keep-alives, EOF flush and the non-standard error field.
class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void dispatchesOnBlankLineOnly();
    void longLineOverflows();
    void endlessEventOverflows();
};

void TestSseParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<SseEvent>>("expected");

    QTest::newRow("two events") << "data: {\"a\":1}\n\ndata: [DONE]\n\n"_ba
                                << QList<SseEvent> { sse({}, u"{\"a\":1}"_s),
                                       sse({}, u"[DONE]"_s) };
    QTest::newRow("crlf") << "data: x\r\n\r\ndata: y\r\n\r\n"_ba
                          << QList<SseEvent> { sse({}, u"x"_s), sse({}, u"y"_s) };
    QTest::newRow("lone cr") << "data: x\r\rdata: y\r\r"_ba
                             << QList<SseEvent> { sse({}, u"x"_s), sse({}, u"y"_s) };
    QTest::newRow("multi-line data joined with LF")
        << "data: one\ndata: two\ndata:three\n\n"_ba
        << QList<SseEvent> { sse({}, u"one\ntwo\nthree"_s) };
    QTest::newRow("comments and empty data are keep-alives")
        << ": OPENROUTER PROCESSING\n\ndata:\n\n: ping\ndata: real\n\n"_ba
        << QList<SseEvent> { sse({}, u"real"_s) };
    QTest::newRow("event name") << "event: message_start\ndata: {}\n\nevent: ping\ndata: {}\n\n"_ba
                                << QList<SseEvent> { sse(u"message_start"_s, u"{}"_s),
                                       sse(u"ping"_s, u"{}"_s) };
    QTest::newRow("only one leading space stripped")
        << "data:  two spaces\n\n"_ba << QList<SseEvent> { sse({}, u" two spaces"_s) };
    QTest::newRow("no final blank line: flushed at end")
        << "data: a\n\ndata: [DONE]"_ba
        << QList<SseEvent> { sse({}, u"a"_s), sse({}, u"[DONE]"_s) };
    QTest::newRow("non-standard error field")
        << "error: {\"code\":400}\n\ndata: [DONE]\n\n"_ba
        << QList<SseEvent> { sse({}, {}, u"{\"code\":400}"_s), sse({}, u"[DONE]"_s) };
    QTest::newRow("id and retry ignored")
        << "id: 7\nretry: 100\ndata: x\n\n"_ba << QList<SseEvent> { sse({}, u"x"_s) };
    QTest::newRow("utf-8") << "data: {\"c\":\"Grüße 😀\"}\n\n"_ba
                           << QList<SseEvent> { sse({}, u"{\"c\":\"Grüße 😀\"}"_s) };
}

void TestSseParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    for (qsizetype size : { qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(7), input.size() })
        QCOMPARE(parseInWrites(input, size), expected);
}

void TestSseParser::dispatchesOnBlankLineOnly()
{
    SseParser parser;
    QCOMPARE(parser.feed("data: a\n"), QList<SseEvent> {});
    QCOMPARE(parser.feed("data: b\n"), QList<SseEvent> {});
    QCOMPARE(parser.feed("\n"), QList<SseEvent> { sse({}, u"a\nb"_s) });
    QCOMPARE(parser.finish(), QList<SseEvent> {});
}

void TestSseParser::longLineOverflows()
{
    SseParser parser;
    parser.setMaxLineBytes(64);
    QCOMPARE(parser.feed("data: a\n\ndata: " + QByteArray(100, 'x')),
        QList<SseEvent> { sse({}, u"a"_s) });
    QVERIFY(parser.overflowed());
    QCOMPARE(parser.feed("\n\ndata: b\n\n"), QList<SseEvent> {});
    QCOMPARE(parser.finish(), QList<SseEvent> {});
}

void TestSseParser::endlessEventOverflows()
{
    // Short data lines that never end their event add up like one long line.
    SseParser parser;
    parser.setMaxLineBytes(64);
    QByteArray lines;
    for (int i = 0; i < 10; ++i)
        lines += "data: 0123456789\n";
    QCOMPARE(parser.feed(lines), QList<SseEvent> {});
    QVERIFY(parser.overflowed());
    QCOMPARE(parser.feed("\n"), QList<SseEvent> {});
    QCOMPARE(parser.finish(), QList<SseEvent> {});

    // Under the bound, the same lines make one event.
    SseParser roomy;
    roomy.setMaxLineBytes(1024);
    QCOMPARE(roomy.feed(lines + "\n").size(), 1);
    QVERIFY(!roomy.overflowed());
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
