#include "chat/readpushcoalescer.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
/// One push as the coalescer asked for it (seq -1: "read it from the store").
struct Push
{
    QString convId;
    QString userId;
    qint64 seq = 0;
    bool operator==(const Push&) const = default;
};

char* toString(const Push& p)
{
    return QTest::toString(u"%1/%2@%3"_s.arg(p.convId, p.userId).arg(p.seq));
}
} // namespace

/// ReadPushCoalescer with a clock the test moves: the leading edge at once, the trailing edge
/// once per interval with the store's marker, quiet pairs forgotten, the bound, and the real
/// timer flushing on its own.
class TestReadPushCoalescer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void leadingEdgeAtOnceTrailingEdgeOncePerInterval()
    {
        QList<Push> pushes;
        qint64 now = 5000;
        ReadPushCoalescer coalescer(
            recorder(pushes), [&now] { return now; }, 1000);
        coalescer.moved(u"c1"_s, u"alice"_s, 1);
        QCOMPARE(pushes, (QList<Push> { { u"c1"_s, u"alice"_s, 1 } }));
        QCOMPARE(coalescer.nextDueMs(), 6000);
        // A burst within the interval: nothing more now.
        for (qint64 seq = 2; seq <= 50; ++seq) {
            now += 10;
            coalescer.moved(u"c1"_s, u"alice"_s, seq);
        }
        QCOMPARE(pushes.size(), 1);
        now = 5999;
        coalescer.flushDue();
        QCOMPARE(pushes.size(), 1);
        // The interval ends: one push, the marker read at flush time (no seq given).
        now = 6000;
        coalescer.flushDue();
        QCOMPARE(pushes.size(), 2);
        QCOMPARE(pushes.last(), (Push { u"c1"_s, u"alice"_s, -1 }));
        // It opened the next interval: a move in it waits for its end.
        QCOMPARE(coalescer.pending(), 1);
        QCOMPARE(coalescer.nextDueMs(), 7000);
        now = 6500;
        coalescer.moved(u"c1"_s, u"alice"_s, 51);
        QCOMPARE(pushes.size(), 2);
        now = 7000;
        coalescer.flushDue();
        QCOMPARE(pushes.size(), 3);
        // A whole interval without a move: forgotten, and the next move is a leading edge.
        now = 8000;
        coalescer.flushDue();
        QCOMPARE(pushes.size(), 3);
        QCOMPARE(coalescer.pending(), 0);
        QCOMPARE(coalescer.nextDueMs(), -1);
        now = 9000;
        coalescer.moved(u"c1"_s, u"alice"_s, 52);
        QCOMPARE(pushes.size(), 4);
        QCOMPARE(pushes.last(), (Push { u"c1"_s, u"alice"_s, 52 }));
    }

    void pairsAreIndependent()
    {
        QList<Push> pushes;
        qint64 now = 0;
        ReadPushCoalescer coalescer(
            recorder(pushes), [&now] { return now; }, 1000);
        coalescer.moved(u"c1"_s, u"alice"_s, 1);
        coalescer.moved(u"c2"_s, u"alice"_s, 1); // another room
        now = 300;
        coalescer.moved(u"c1"_s, u"bob"_s, 2); // another writer
        coalescer.moved(u"c1"_s, u"alice"_s, 3);
        QCOMPARE(pushes,
            (QList<Push> { { u"c1"_s, u"alice"_s, 1 }, { u"c2"_s, u"alice"_s, 1 },
                { u"c1"_s, u"bob"_s, 2 } }));
        now = 1000; // c1/alice moved again and is due; c2/alice did not; c1/bob is not due
        coalescer.flushDue();
        QCOMPARE(pushes.size(), 4);
        QCOMPARE(pushes.last(), (Push { u"c1"_s, u"alice"_s, -1 }));
        QCOMPARE(coalescer.pending(), 2); // c1/alice's next interval, c1/bob's first
        QCOMPARE(coalescer.nextDueMs(), 1300);
    }

    void pastTheBoundMovesArePushedAtOnce()
    {
        QList<Push> pushes;
        qint64 now = 0;
        ReadPushCoalescer coalescer(
            recorder(pushes), [&now] { return now; }, 1000, 2);
        coalescer.moved(u"c1"_s, u"a"_s, 1);
        coalescer.moved(u"c2"_s, u"a"_s, 1);
        QCOMPARE(coalescer.pending(), 2);
        // Full: a third pair is pushed on every move, and not remembered.
        coalescer.moved(u"c3"_s, u"a"_s, 1);
        coalescer.moved(u"c3"_s, u"a"_s, 2);
        QCOMPARE(coalescer.pending(), 2);
        QCOMPARE(pushes.size(), 4);
        QCOMPARE(pushes.last(), (Push { u"c3"_s, u"a"_s, 2 }));
        // The pairs it holds are still coalesced.
        coalescer.moved(u"c1"_s, u"a"_s, 2);
        QCOMPARE(pushes.size(), 4);
        QCOMPARE(ReadPushCoalescer::defaultMaxPending, 10000);
    }

    void theTimerFlushesByItself()
    {
        // The real clock and timer, with a short interval: the trailing edge comes unasked.
        QList<Push> pushes;
        ReadPushCoalescer coalescer(recorder(pushes), {}, 50);
        coalescer.moved(u"c1"_s, u"alice"_s, 1);
        coalescer.moved(u"c1"_s, u"alice"_s, 2);
        QCOMPARE(pushes.size(), 1);
        QTRY_COMPARE(pushes.size(), 2);
        QCOMPARE(pushes.last(), (Push { u"c1"_s, u"alice"_s, -1 }));
        QTRY_COMPARE(coalescer.pending(), 0); // a quiet interval later it is forgotten
        QCOMPARE(pushes.size(), 2);
    }

private:
    static ReadPushCoalescer::Push recorder(QList<Push>& pushes)
    {
        return [&pushes](const QString& convId, const QString& userId, std::optional<qint64> seq) {
            pushes.append(Push { convId, userId, seq.value_or(-1) });
        };
    }
};

QTEST_GUILESS_MAIN(TestReadPushCoalescer)
#include "tst_readpushcoalescer.moc"
