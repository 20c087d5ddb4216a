#include "roomcast.h"

#include <QElapsedTimer>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// End to end: a writer's own messages move their read marker, and the others hear of it
/// coalesced (ReadPushCoalescer): the first send's marker at once, a burst's last marker once the
/// second is over, never one `read` per send. (Timing in detail: tst_readpushcoalescer.)
class TestReadCoalescing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aBurstPushesTheMarkerAtMostTwice()
    {
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.addUser(u"alice"_s, u"alice-pw"_s));
        QVERIFY(server.addUser(u"bob"_s, u"bob-pw"_s));
        Welcome aliceWelcome;
        auto alice = signedIn(server.url(), u"alice"_s, u"alice-pw"_s, &aliceWelcome);
        auto bob = signedIn(server.url(), u"bob"_s, u"bob-pw"_s);
        QVERIFY(alice && bob);
        const auto room = alice->createRoom(u"Burst"_s, { u"bob"_s });
        QVERIFY(room);
        const QString aliceId = aliceWelcome.user.id;

        // 30 sends at once, not waiting for each ack: well within one second.
        constexpr int burst = 30;
        QElapsedTimer took;
        took.start();
        for (int i = 0; i < burst; ++i)
            alice->send(MessageSend { u"s%1"_s.arg(i), room->convId, newUuid(), u"m%1"_s.arg(i) });
        qint64 lastSeq = 0;
        for (int i = 0; i < burst; ++i) {
            const auto ack = alice->waitFor<Ack>();
            QVERIFY(ack);
            lastSeq = qMax(lastSeq, ack->seq);
        }
        const qint64 burstMs = took.elapsed();

        // bob hears the marker move to the last message (the trailing edge, within a second or
        // so), and nothing in between.
        QList<ReadEvent> reads;
        QTRY_VERIFY_WITH_TIMEOUT(
            (collect(*bob, aliceId, reads), !reads.isEmpty() && reads.last().seq == lastSeq), 5000);
        // A burst within a second: the leading edge and one trailing edge. Should a loaded machine
        // stretch it (the server's part lies within the client's send-to-last-ack time), one
        // more per further second: still far from one per send.
        const qsizetype allowed = 2 + burstMs / 1000;
        QVERIFY2(reads.size() <= allowed,
            qPrintable(u"%1 read pushes for %2 sends in %3 ms"_s.arg(reads.size())
                           .arg(burst)
                           .arg(burstMs)));
        QCOMPARE(reads.first().seq, lastSeq - burst + 1); // the leading edge: the first send
        for (const ReadEvent& read : std::as_const(reads))
            QVERIFY(!read.unread); // others never see the writer's unread count

        // Everything bob was sent so far is here (a round trip is a barrier): still no more.
        QVERIFY(bob->roundTrip());
        collect(*bob, aliceId, reads);
        QVERIFY(reads.size() <= allowed);
    }

private:
    /// Appends the `read` pushes about `userId` that reached `client` so far.
    static void collect(WsTestClient& client, const QString& userId, QList<ReadEvent>& reads)
    {
        for (const ReadEvent& read : client.takeAll<ReadEvent>()) {
            if (read.userId == userId)
                reads.append(read);
        }
    }
};

QTEST_GUILESS_MAIN(TestReadCoalescing)
#include "tst_readcoalescing.moc"
