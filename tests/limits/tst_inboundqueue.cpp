// The hub's inbound queue: bounded per user, served in turn, and one drain at a time.
#include "chat/inboundqueue.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

class TestInboundQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servesLinesInTurn()
    {
        InboundQueue queue(1000);
        QStringList served;
        const auto task
            = [&served](const QString& name) { return [&served, name] { served.append(name); }; };
        QCOMPARE(queue.push(u"flood"_s, task(u"f1"_s), true), InboundQueue::Push::QueuedAndIdle);
        for (int i = 2; i <= 5; ++i)
            QCOMPARE(
                queue.push(u"flood"_s, task(u"f%1"_s.arg(i)), true), InboundQueue::Push::Queued);
        queue.push(u"alice"_s, task(u"a1"_s), true);
        queue.push(u"bob"_s, task(u"b1"_s), true);
        queue.push(u"alice"_s, task(u"a2"_s), true);
        QVERIFY(queue.drain(3)); // work is left
        QCOMPARE(served, (QStringList { u"f1"_s, u"a1"_s, u"b1"_s }));
        QVERIFY(!queue.drain(100));
        QCOMPARE(served,
            (QStringList {
                u"f1"_s, u"a1"_s, u"b1"_s, u"f2"_s, u"a2"_s, u"f3"_s, u"f4"_s, u"f5"_s }));
        // Idle again: the next push asks for a drain.
        QCOMPARE(queue.push(u"bob"_s, task(u"b2"_s), true), InboundQueue::Push::QueuedAndIdle);
    }

    void boundedPerLineButBookkeepingAlwaysFits()
    {
        InboundQueue queue(2);
        int runs = 0;
        const auto task = [&runs] { ++runs; };
        queue.push(u"a"_s, task, true);
        queue.push(u"a"_s, task, true);
        QCOMPARE(queue.push(u"a"_s, task, true), InboundQueue::Push::Refused);
        QCOMPARE(queue.push(u"b"_s, task, true), InboundQueue::Push::Queued); // others unaffected
        QCOMPARE(queue.push(u"a"_s, task, false), InboundQueue::Push::Queued); // "session ended"
        QCOMPARE(queue.waiting(), 4);
        QVERIFY(!queue.drain(10));
        QCOMPARE(runs, 4);
        QCOMPARE(queue.waiting(), 0);
    }

    void tasksMayPushWhileDraining()
    {
        InboundQueue queue(10);
        int runs = 0;
        queue.push(
            u"a"_s,
            [&] {
                ++runs;
                // A task that queues more (as a handler posting to itself would) is not lost.
                QCOMPARE(queue.push(
                             u"a"_s, [&] { ++runs; }, true),
                    InboundQueue::Push::Queued);
            },
            true);
        QVERIFY(!queue.drain(10));
        QCOMPARE(runs, 2);
    }
};

QTEST_GUILESS_MAIN(TestInboundQueue)
#include "tst_inboundqueue.moc"
