#include "ai/linesplitter.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::server::LineSplitter;

namespace {

// Feeds `bytes` cut at `cuts` (ascending offsets) and returns every line, including finish().
QList<QByteArray> splitAt(const QByteArray& bytes, const QList<qsizetype>& cuts)
{
    LineSplitter splitter;
    QList<QByteArray> lines;
    qsizetype start = 0;
    for (qsizetype cut : cuts) {
        lines += splitter.feed(QByteArrayView(bytes).sliced(start, cut - start));
        start = cut;
    }
    lines += splitter.feed(QByteArrayView(bytes).sliced(start));
    lines += splitter.finish();
    return lines;
}

QList<QByteArray> inWrites(const QByteArray& bytes, qsizetype size)
{
    QList<qsizetype> cuts;
    for (qsizetype at = size; at < bytes.size(); at += size)
        cuts.append(at);
    return splitAt(bytes, cuts);
}

} // namespace

/// LineSplitter: lines come out whole whatever the read boundaries.
class TestLineSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everySplitPoint_data();
    void everySplitPoint();
    void writeSizes_data();
    void writeSizes();
    void crLfAcrossReads();
    void loneCrAtEndOfRead();
    void multiByteUtf8SplitAcrossReads();
    void unterminatedLastLineOnlyAtFinish();
    void lineAtTheBoundIsKept();
    void endlessLineOverflows();
    void defaultBound();
};

void TestLineSplitter::everySplitPoint_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("lf") << "data: a\n\ndata: b\n"_ba
                        << QList<QByteArray> { "data: a", "", "data: b" };
    QTest::newRow("crlf") << "data: a\r\n\r\ndata: b\r\n"_ba
                          << QList<QByteArray> { "data: a", "", "data: b" };
    QTest::newRow("lone cr") << "one\rtwo\r\rthree\r"_ba
                             << QList<QByteArray> { "one", "two", "", "three" };
    QTest::newRow("lf then cr is two ends") << "a\n\rb\n"_ba << QList<QByteArray> { "a", "", "b" };
    QTest::newRow("mixed, no final newline")
        << "x\r\ny\nz\rlast"_ba << QList<QByteArray> { "x", "y", "z", "last" };
    // U+2028 and U+00E9/U+1F600 bytes never split a line: only \r and \n do.
    QTest::newRow("utf8 and U+2028")
        << "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80\nend\n"_ba
        << QList<QByteArray> { "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80", "end" };
}

void TestLineSplitter::everySplitPoint()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, expected);
    QCOMPARE(splitAt(input, {}), expected);
    for (qsizetype cut = 0; cut <= input.size(); ++cut)
        QCOMPARE(splitAt(input, { cut }), expected);
    for (qsizetype a = 0; a <= input.size(); ++a) {
        for (qsizetype b = a; b <= input.size(); ++b)
            QCOMPARE(splitAt(input, { a, b }), expected);
    }
}

void TestLineSplitter::writeSizes_data()
{
    QTest::addColumn<qsizetype>("size");
    for (qsizetype size : { 1, 2, 3, 7, 13 })
        QTest::addRow("%lld", qlonglong(size)) << size;
}

void TestLineSplitter::writeSizes()
{
    QFETCH(qsizetype, size);
    const QByteArray input = "data: {\"a\":1}\r\n\r\n: ping\n\ndata: [DONE]\r\n\r\n"_ba;
    const QList<QByteArray> expected { "data: {\"a\":1}", "", ": ping", "", "data: [DONE]", "" };
    QCOMPARE(inWrites(input, size), expected);
}

void TestLineSplitter::crLfAcrossReads()
{
    LineSplitter splitter;
    QCOMPARE(splitter.feed("first\r"), QList<QByteArray> { "first" });
    // The \n completes the \r\n above; it must not make an extra empty line.
    QCOMPARE(splitter.feed("\nsecond\r\n"), QList<QByteArray> { "second" });
    QCOMPARE(splitter.finish(), QList<QByteArray> {});
}

void TestLineSplitter::loneCrAtEndOfRead()
{
    LineSplitter splitter;
    QCOMPARE(splitter.feed("a\r"), QList<QByteArray> { "a" });
    QCOMPARE(splitter.feed("b\r"), QList<QByteArray> { "b" });
    QCOMPARE(splitter.feed("\r"), QList<QByteArray> { "" });
    QCOMPARE(splitter.finish(), QList<QByteArray> {});
}

void TestLineSplitter::multiByteUtf8SplitAcrossReads()
{
    const QString text = u"Grüße → 😀 done"_s;
    const QByteArray bytes = text.toUtf8() + '\n';
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        LineSplitter splitter;
        QList<QByteArray> lines = splitter.feed(bytes.left(cut));
        QVERIFY2(lines.isEmpty(), "no line before its terminator");
        lines += splitter.feed(bytes.mid(cut));
        QCOMPARE(lines.size(), 1);
        QCOMPARE(QString::fromUtf8(lines.first()), text);
    }
}

void TestLineSplitter::unterminatedLastLineOnlyAtFinish()
{
    LineSplitter splitter;
    QCOMPARE(splitter.feed("data: [DONE]"), QList<QByteArray> {});
    QCOMPARE(splitter.finish(), QList<QByteArray> { "data: [DONE]" });
    QCOMPARE(splitter.finish(), QList<QByteArray> {});
}

void TestLineSplitter::lineAtTheBoundIsKept()
{
    LineSplitter splitter;
    splitter.setMaxLineBytes(8);
    // Exactly 8 bytes, the terminators not counted, also across reads.
    QCOMPARE(splitter.feed("1234"), QList<QByteArray> {});
    QCOMPARE(splitter.feed("5678\r\nabc\n"), (QList<QByteArray> { "12345678", "abc" }));
    QVERIFY(!splitter.overflowed());
}

void TestLineSplitter::endlessLineOverflows()
{
    LineSplitter splitter;
    splitter.setMaxLineBytes(1024);
    // Lines completed before the long one still come out, in the same read.
    QCOMPARE(splitter.feed("ok\n" + QByteArray(600, 'a')), QList<QByteArray> { "ok" });
    QVERIFY(!splitter.overflowed());
    // 50 MiB without a newline, fed as a hostile upstream would: nothing comes out and nothing
    // more is kept (each read is refused whole; no line, no growth).
    const QByteArray chunk(64 * 1024, 'a');
    QCOMPARE(splitter.feed(chunk), QList<QByteArray> {});
    QVERIFY(splitter.overflowed());
    for (int i = 0; i < 800; ++i)
        QCOMPARE(splitter.feed(chunk), QList<QByteArray> {});
    // Even a newline does not revive it: the stream is unusable from the overflow on.
    QCOMPARE(splitter.feed("\nnext\n"), QList<QByteArray> {});
    QCOMPARE(splitter.finish(), QList<QByteArray> {});
    QVERIFY(splitter.overflowed());
}

void TestLineSplitter::defaultBound()
{
    LineSplitter splitter;
    QCOMPARE(splitter.maxLineBytes(), LineSplitter::defaultMaxLineBytes);
    QCOMPARE(splitter.feed(QByteArray(LineSplitter::defaultMaxLineBytes, 'x') + '\n').size(), 1);
    QCOMPARE(splitter.feed(QByteArray(LineSplitter::defaultMaxLineBytes + 1, 'x')),
        QList<QByteArray> {});
    QVERIFY(splitter.overflowed());

    LineSplitter unbounded;
    unbounded.setMaxLineBytes(0);
    QCOMPARE(
        unbounded.feed(QByteArray(LineSplitter::defaultMaxLineBytes + 1, 'x') + '\n').size(), 1);
    QVERIFY(!unbounded.overflowed());
}

QTEST_GUILESS_MAIN(TestLineSplitter)
#include "tst_linesplitter.moc"
