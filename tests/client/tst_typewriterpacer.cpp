#include "chat/typewriterpacer.h"

#include <QTest>
#include <QTextBoundaryFinder>

using namespace Qt::Literals::StringLiterals;
using palaver::client::TypewriterPacer;

namespace {

constexpr int kTick = 16;

QList<qsizetype> graphemeBoundaries(const QString& text)
{
    QList<qsizetype> result { 0 };
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    while (finder.toNextBoundary() > 0)
        result.append(finder.position());
    return result;
}

int countGraphemes(const QString& text)
{
    return int(graphemeBoundaries(text).size()) - 1;
}

/// Ticks until nothing is left or `limitMs` passed; returns the time it took.
int drain(TypewriterPacer& pacer, int limitMs)
{
    int elapsed = 0;
    while (pacer.backlog() > 0 && elapsed < limitMs) {
        pacer.advance(kTick);
        elapsed += kTick;
    }
    return elapsed;
}

} // namespace

/// The pacer's reveal rate, grapheme safety, smoothness and draining.
class TstTypewriterPacer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateGrowsWithBacklog();
    void burstCatchesUp_data();
    void burstCatchesUp();
    void steadyStreamStaysClose();
    void smallBacklogIsSmooth();
    void revealsWholeGraphemes_data();
    void revealsWholeGraphemes();
    void holdsBackTheLastGrapheme();
    void finishDrainsInBoundedTime_data();
    void finishDrainsInBoundedTime();
    void disabledRevealsAtOnce();
    void setTextKeepsWhatIsShown();
};

void TstTypewriterPacer::rateGrowsWithBacklog()
{
    // Chars revealed in the same 100 ms for ever larger backlogs.
    qsizetype previous = 0;
    for (int backlog : { 5, 50, 500, 2000 }) {
        TypewriterPacer pacer;
        pacer.append(QString(backlog + 1, u'a')); // +1: the last grapheme is held back
        qsizetype shown = 0;
        for (int t = 0; t < 100; t += kTick)
            shown += pacer.advance(kTick).size();
        QVERIFY2(shown > previous,
            qPrintable(u"backlog %1 revealed %2, not more than %3"_s.arg(backlog).arg(shown).arg(
                previous)));
        previous = shown;
    }
}

void TstTypewriterPacer::burstCatchesUp_data()
{
    QTest::addColumn<int>("burst");
    QTest::addColumn<int>("maxMs");
    // At the base rate alone 2000 chars would take 50 s.
    QTest::newRow("10") << 10 << 400;
    QTest::newRow("200") << 200 << 2000;
    QTest::newRow("2000") << 2000 << 3000;
    QTest::newRow("20000") << 20000 << 4500;
}

void TstTypewriterPacer::burstCatchesUp()
{
    QFETCH(int, burst);
    QFETCH(int, maxMs);
    TypewriterPacer pacer;
    pacer.append(QString(burst, u'x') + u'.');
    int elapsed = 0;
    while (pacer.backlog() > 1 && elapsed < 60000) {
        pacer.advance(kTick);
        elapsed += kTick;
    }
    QCOMPARE(pacer.backlog(), 1);
    QVERIFY2(elapsed <= maxMs, qPrintable(u"took %1 ms"_s.arg(elapsed)));
}

void TstTypewriterPacer::steadyStreamStaysClose()
{
    // 120 chars/s arriving in 6-char bursts every 50 ms: the display stays well within a second.
    TypewriterPacer pacer;
    int maxBacklog = 0;
    for (int t = 0; t < 5000; t += kTick) {
        if (t % 48 == 0)
            pacer.append(u"abcdef"_s);
        pacer.advance(kTick);
        maxBacklog = std::max(maxBacklog, pacer.backlog());
    }
    QVERIFY2(maxBacklog <= 60, qPrintable(u"backlog reached %1 chars"_s.arg(maxBacklog)));
    QVERIFY(pacer.revealed().size() > 500);
}

void TstTypewriterPacer::smallBacklogIsSmooth()
{
    TypewriterPacer pacer;
    pacer.append(u"The quick brown fox jumps."_s);
    int ticksWithText = 0;
    for (int i = 0; i < 200 && pacer.backlog() > 1; ++i) {
        const QString step = pacer.advance(kTick);
        QVERIFY2(countGraphemes(step) <= 3, qPrintable(u"one tick revealed “%1”"_s.arg(step)));
        if (!step.isEmpty())
            ++ticksWithText;
    }
    QCOMPARE(pacer.backlog(), 1);
    QVERIFY(ticksWithText >= 8);
}

void TstTypewriterPacer::revealsWholeGraphemes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("graphemes");
    QTest::newRow("surrogate pairs") << u"a😀b😃😄c"_s << 6;
    QTest::newRow("combining marks") << u"e\u0301a\u0308\u0323o\u0302x"_s << 4;
    QTest::newRow("zwj family") << u"👨‍👩‍👧‍👦x👩🏽‍💻y"_s << 4;
    QTest::newRow("skin tone") << u"👍🏽👍🏿!"_s << 3;
    QTest::newRow("flags") << u"🇫🇷🇩🇪🇯🇵"_s << 3;
    QTest::newRow("cjk") << u"你好，世界。こんにちは"_s << 11;
    QTest::newRow("hangul jamo") << u"\u1100\u1161\u11A8\u1100\u1161"_s << 2;
    QTest::newRow("keycap") << u"1\uFE0F\u20E3#"_s << 2;
    QTest::newRow("crlf") << u"a\r\nb"_s << 3;
}

void TstTypewriterPacer::revealsWholeGraphemes()
{
    QFETCH(QString, text);
    QFETCH(int, graphemes);
    // The reference itself must know these clusters, or the checks below prove nothing.
    QCOMPARE(countGraphemes(text), graphemes);
    const QList<qsizetype> boundaries = graphemeBoundaries(text);

    for (qsizetype split = 0; split <= text.size(); ++split) {
        TypewriterPacer pacer;
        auto check = [&](const char* when) {
            const QString shown = pacer.revealed();
            QVERIFY2(text.startsWith(shown) && boundaries.contains(shown.size()),
                qPrintable(u"split %1, %2: revealed %3 of %4 code units, not on a grapheme "
                           "boundary"_s.arg(split)
                               .arg(QString::fromLatin1(when))
                               .arg(shown.size())
                               .arg(text.size())));
        };
        pacer.append(text.left(split));
        for (int i = 0; i < 40; ++i) {
            pacer.advance(kTick);
            check("first part");
            if (QTest::currentTestFailed())
                return;
        }
        pacer.append(text.mid(split));
        for (int i = 0; i < 40; ++i) {
            pacer.advance(kTick);
            check("second part");
            if (QTest::currentTestFailed())
                return;
        }
        pacer.finish();
        drain(pacer, 1000);
        check("finished");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(pacer.revealed(), text);
    }
}

void TstTypewriterPacer::holdsBackTheLastGrapheme()
{
    TypewriterPacer pacer;
    pacer.append(u"ok e"_s); // the "e" may still get its accent
    drain(pacer, 1000);
    QCOMPARE(pacer.revealed(), u"ok "_s);
    pacer.append(u"\u0301!"_s);
    drain(pacer, 1000);
    QCOMPARE(pacer.revealed(), u"ok e\u0301"_s);
    pacer.finish();
    drain(pacer, 1000);
    QCOMPARE(pacer.revealed(), u"ok e\u0301!"_s);
    QVERIFY(pacer.isDone());
}

void TstTypewriterPacer::finishDrainsInBoundedTime_data()
{
    QTest::addColumn<int>("backlog");
    QTest::newRow("1") << 1;
    QTest::newRow("40") << 40;
    QTest::newRow("1000") << 1000;
    QTest::newRow("50000") << 50000;
}

void TstTypewriterPacer::finishDrainsInBoundedTime()
{
    QFETCH(int, backlog);
    TypewriterPacer pacer;
    pacer.append(QString(backlog, u'z'));
    pacer.finish();
    const int took = drain(pacer, 10000);
    QCOMPARE(pacer.backlog(), 0);
    QVERIFY2(took <= 300 + kTick, qPrintable(u"took %1 ms"_s.arg(took)));
    QVERIFY(pacer.isDone());
    if (backlog >= 1000)
        QVERIFY2(took > 3 * kTick, "a drain is still a few frames, not one jump");
}

void TstTypewriterPacer::disabledRevealsAtOnce()
{
    TypewriterPacer pacer;
    pacer.setEnabled(false);
    pacer.append(u"Hello wor"_s);
    QCOMPARE(pacer.advance(0), u"Hello wor"_s);
    QCOMPARE(pacer.backlog(), 0);
    pacer.append(u"ld"_s);
    QCOMPARE(pacer.advance(kTick), u"ld"_s);
    QCOMPARE(pacer.revealed(), u"Hello world"_s);

    TypewriterPacer paced;
    paced.append(u"Hello wor"_s);
    QVERIFY(paced.advance(kTick).size() < 3);
}

void TstTypewriterPacer::setTextKeepsWhatIsShown()
{
    TypewriterPacer pacer;
    pacer.setEnabled(false);
    pacer.append(u"Hello"_s);
    pacer.advance(0);
    pacer.setEnabled(true);
    pacer.setText(u"Hello world"_s);
    QCOMPARE(pacer.revealed(), u"Hello"_s);
    QCOMPARE(pacer.pending(), u" world"_s);
    pacer.setText(u"Help"_s);
    QCOMPARE(pacer.revealed(), u"Hel"_s);
    QCOMPARE(pacer.pending(), u"p"_s);
    // Never cut inside a cluster when going back.
    pacer.setEnabled(false);
    pacer.setText(u"e\u0301"_s);
    pacer.advance(0);
    pacer.setText(u"e\u0300"_s);
    QCOMPARE(pacer.revealed(), QString());
}

QTEST_GUILESS_MAIN(TstTypewriterPacer)
#include "tst_typewriterpacer.moc"
