#include "app/server.h"
#include "chat/generations.h"
#include "chat/hub.h"
#include "replytestsupport.h"

#include <QTest>

using namespace replytest;

namespace {

int waitingReplies(TestServer& server)
{
    int waiting = -1;
    server.inServerThread(
        [&](server::Server& s) { waiting = s.hub()->generations()->waitingCount(); });
    return waiting;
}

} // namespace

/// How many assistant replies run at once (per conversation, per person, per server), the one
/// waiting reply per conversation, and rate_limited past the queue caps, for messages and for
/// generation.continue / generation.retry.
class TestReplyCaps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manyMessagesOneReplyAtATime()
    {
        FakeUpstream up;
        // The first reply is held until all 50 are stored: on a slow machine it could otherwise
        // end before the 50th arrives, and the waiting reply would answer an earlier message.
        FakeUpstream::Response first = hello();
        first.heldUntilReleased = true;
        up.enqueue(first);
        up.serve(hello());
        const auto server = startServer(up, {});
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Flood"_s);
        QVERIFY(conv);

        // 50 messages as fast as the socket takes them: every one is stored and acknowledged.
        for (int i = 1; i <= 50; ++i)
            alice->send(
                MessageSend { u"m%1"_s.arg(i), conv->convId, newUuid(), u"message %1"_s.arg(i) });
        QTRY_COMPARE_WITH_TIMEOUT(queued<Ack>(*alice), 50, 10000);
        QTRY_COMPARE(up.requests().size(), 1);
        up.release();

        // One reply to the first message, then one (waiting meanwhile) to all the others.
        QTRY_COMPARE_WITH_TIMEOUT(queued<GenerationEnd>(*alice), 2, 15000);
        QVERIFY(alice->roundTrip());
        QList<QString> order;
        for (const ServerMessage& message : alice->queue()) {
            if (std::holds_alternative<GenerationStart>(message))
                order.append(u"start"_s);
            else if (std::holds_alternative<GenerationEnd>(message))
                order.append(u"end"_s);
            QVERIFY2(!std::holds_alternative<Error>(message), qPrintable(describe(message)));
        }
        QCOMPARE(order, (QList<QString> { u"start"_s, u"end"_s, u"start"_s, u"end"_s }));
        QCOMPARE(up.requests().size(), 2);
        QCOMPARE(lastUserTurn(up.requests().at(0)), u"message 1"_s);
        QCOMPARE(lastUserTurn(up.requests().at(1)), u"message 50"_s);
        QCOMPARE(waitingReplies(*server), 0);
    }

    void perUserCapAcrossConversations()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxRunningPerUser = 2;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        const auto bob = signIn(*server, u"bob"_s);
        QVERIFY(alice && bob);
        QStringList convs;
        for (int i = 0; i < 3; ++i) {
            const auto conv = alice->createConversation(u"C%1"_s.arg(i));
            QVERIFY(conv);
            convs.append(conv->convId);
            QVERIFY(say(*alice, conv->convId, u"question %1"_s.arg(i)));
        }
        const auto first = alice->waitFor<GenerationStart>();
        const auto second = alice->waitFor<GenerationStart>();
        QVERIFY(first && second);
        QCOMPARE(first->convId, convs.at(0));
        QCOMPARE(second->convId, convs.at(1));
        // The hub has handled the third message (a barrier): its reply waits, sending nothing.
        QVERIFY(alice->roundTrip());
        QCOMPARE(queued<GenerationStart>(*alice), 0);
        QCOMPARE(waitingReplies(*server), 1);

        // Someone else is not held up by alice's cap.
        const auto bobConv = bob->createConversation(u"Bob's"_s);
        QVERIFY(bobConv);
        QVERIFY(say(*bob, bobConv->convId, u"mine"_s));
        QVERIFY(bob->waitFor<GenerationStart>());

        // A slot frees up: the waiting reply starts.
        alice->send(GenerationStop { u"s1"_s, first->genId });
        const auto third = alice->waitFor<GenerationStart>();
        QVERIFY(third);
        QCOMPARE(third->convId, convs.at(2));
        QTRY_COMPARE(up.requests().size(), 4); // alice's two, bob's, and this one
        QCOMPARE(lastUserTurn(up.requests().last()), u"question 2"_s);
        QCOMPARE(waitingReplies(*server), 0);
    }

    void serverCap()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxRunningPerServer = 1;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        const auto bob = signIn(*server, u"bob"_s);
        QVERIFY(alice && bob);
        const auto aliceConv = alice->createConversation(u"A"_s);
        const auto bobConv = bob->createConversation(u"B"_s);
        QVERIFY(aliceConv && bobConv);
        QVERIFY(say(*alice, aliceConv->convId, u"first"_s));
        const auto running = alice->waitFor<GenerationStart>();
        QVERIFY(running);

        QVERIFY(say(*bob, bobConv->convId, u"second"_s));
        QVERIFY(bob->roundTrip());
        QCOMPARE(queued<GenerationStart>(*bob), 0);
        QCOMPARE(queued<Error>(*bob), 0);

        alice->send(GenerationStop { u"s"_s, running->genId });
        const auto bobs = bob->waitFor<GenerationStart>();
        QVERIFY(bobs);
        QCOMPARE(bobs->convId, bobConv->convId);
    }

    void queueOverflowIsRateLimited()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxRunningPerUser = 1;
        limits.maxQueuedPerUser = 1;
        limits.maxRunningPerServer = 2;
        limits.maxQueuedPerServer = 1;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        const auto bob = signIn(*server, u"bob"_s);
        QVERIFY(alice && bob);
        QStringList convs;
        for (int i = 0; i < 3; ++i) {
            const auto conv = alice->createConversation(u"C%1"_s.arg(i));
            QVERIFY(conv);
            convs.append(conv->convId);
        }
        QVERIFY(say(*alice, convs.at(0), u"runs"_s));
        QVERIFY(alice->waitFor<GenerationStart>());
        QVERIFY(say(*alice, convs.at(1), u"waits"_s));
        // Over alice's queue: stored and acknowledged (say() saw the ack), reply refused.
        QVERIFY(say(*alice, convs.at(2), u"refused"_s));
        const auto refused = alice->waitFor<Error>();
        QVERIFY(refused);
        QCOMPARE(refused->code, ErrorCode::RateLimited);
        QCOMPARE(refused->id, QString()); // not the message's: resending it would be a duplicate
        QCOMPARE(refused->retryAfterMs, std::optional<qint64>(5000));
        QCOMPARE(refused->message,
            u"The assistant is busy with 2 of your replies; this message was saved without a "
            "reply — ask again in a moment"_s);
        alice->send(HistoryRequest { u"h"_s, convs.at(2), std::nullopt, 10 });
        const auto history = alice->waitFor<HistoryReply>();
        QVERIFY(history);
        QCOMPARE(history->events.size(), 1);

        // Over the server's queue: bob runs one (the server's second slot), his next is refused.
        const auto bob1 = bob->createConversation(u"B1"_s);
        const auto bob2 = bob->createConversation(u"B2"_s);
        QVERIFY(bob1 && bob2);
        QVERIFY(say(*bob, bob1->convId, u"runs"_s));
        QVERIFY(bob->waitFor<GenerationStart>());
        QVERIFY(say(*bob, bob2->convId, u"refused"_s));
        const auto full = bob->waitFor<Error>();
        QVERIFY(full);
        QCOMPARE(full->code, ErrorCode::RateLimited);
        QCOMPARE(full->retryAfterMs, std::optional<qint64>(5000));
        QVERIFY2(full->message.startsWith(u"The assistant is busy with 3 replies for everyone"_s),
            qPrintable(full->message));
        QCOMPARE(waitingReplies(*server), 1);
    }

    void continueAndRetryObeyTheCaps()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxRunningPerUser = 1;
        limits.maxQueuedPerUser = 1;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv1 = alice->createConversation(u"One"_s);
        const auto conv2 = alice->createConversation(u"Two"_s);
        QVERIFY(conv1 && conv2);
        // An ended reply in conv1 (stopped after "Hi").
        QVERIFY(say(*alice, conv1->convId, u"first question"_s));
        const auto g1 = alice->waitFor<GenerationStart>();
        QVERIFY(g1);
        QVERIFY(alice->waitFor<GenerationDelta>());
        alice->send(GenerationStop { u"s1"_s, g1->genId });
        QVERIFY(alice->waitFor<GenerationEnd>());
        // alice's one slot is taken in conv2.
        QVERIFY(say(*alice, conv2->convId, u"second question"_s));
        const auto g2 = alice->waitFor<GenerationStart>();
        QVERIFY(g2);

        // The retry waits (ok now, its generation.start later).
        QVERIFY(alice->expect<Ok>(GenerationRetry { u"r1"_s, g1->genId }));
        QVERIFY(alice->roundTrip());
        QCOMPARE(queued<GenerationStart>(*alice), 0);
        // conv1 already has a waiting reply: a continue there is refused, to its request.
        const auto busy
            = alice->expectError(GenerationContinue { u"c1"_s, g1->genId }, ErrorCode::RateLimited);
        QVERIFY(busy);
        QCOMPARE(busy->id, u"c1"_s);
        QCOMPARE(busy->retryAfterMs, std::optional<qint64>(5000));
        QCOMPARE(busy->message,
            u"A reply is already waiting in this conversation; ask again in a moment"_s);
        // alice's queue is full (one running, one waiting): a message elsewhere gets no reply.
        const auto conv3 = alice->createConversation(u"Three"_s);
        QVERIFY(conv3);
        QVERIFY(say(*alice, conv3->convId, u"third"_s));
        const auto full = alice->waitFor<Error>();
        QVERIFY(full);
        QCOMPARE(full->code, ErrorCode::RateLimited);

        // conv2's reply ends: the retry starts, with g1's question.
        alice->send(GenerationStop { u"s2"_s, g2->genId });
        const auto retried = alice->waitFor<GenerationStart>();
        QVERIFY(retried);
        QCOMPARE(retried->convId, conv1->convId);
        // The upstream (in this thread) sees the request after generation.start went out.
        QTRY_COMPARE(up.requests().size(), 3);
        QCOMPARE(lastUserTurn(up.requests().last()), u"first question"_s);
    }

    void waitingReplyDroppedWhenStoppedOrDeleted()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxRunningPerUser = 1;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv1 = alice->createConversation(u"One"_s);
        const auto conv2 = alice->createConversation(u"Two"_s);
        QVERIFY(conv1 && conv2);

        // Deleted while waiting.
        QVERIFY(say(*alice, conv1->convId, u"runs"_s));
        const auto running = alice->waitFor<GenerationStart>();
        QVERIFY(running);
        QVERIFY(say(*alice, conv2->convId, u"waits"_s));
        QCOMPARE(waitingReplies(*server), 1);
        QVERIFY(alice->expect<Ok>(ConversationDelete { u"d"_s, conv2->convId }));
        QCOMPARE(waitingReplies(*server), 0);

        // Stopped: a reply waiting behind the stopped one in its conversation goes too.
        QVERIFY(say(*alice, conv1->convId, u"and another"_s));
        QCOMPARE(waitingReplies(*server), 1);
        QVERIFY(alice->expect<Ok>(GenerationStop { u"s"_s, running->genId }));
        QVERIFY(alice->waitFor<GenerationEnd>());
        QVERIFY(alice->roundTrip());
        QCOMPARE(queued<GenerationStart>(*alice), 0);
        QCOMPARE(waitingReplies(*server), 0);
        QCOMPARE(up.requests().size(), 1);
    }

    void shutdownDropsWaitingReplies()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxRunningPerServer = 1;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv1 = alice->createConversation(u"One"_s);
        const auto conv2 = alice->createConversation(u"Two"_s);
        QVERIFY(conv1 && conv2);
        QVERIFY(say(*alice, conv1->convId, u"runs"_s));
        QVERIFY(alice->waitFor<GenerationStart>());
        QVERIFY(say(*alice, conv2->convId, u"waits"_s));
        int running = 0;
        int waiting = 0;
        server->inServerThread([&](server::Server& s) {
            s.hub()->generations()->drain();
            running = s.hub()->generations()->runningCount();
            waiting = s.hub()->generations()->waitingCount();
        });
        QCOMPARE(running, 1); // the running one keeps its grace period
        QCOMPARE(waiting, 0);
        server->inServerThread([&](server::Server& s) {
            s.hub()->shutdown();
            running = s.hub()->generations()->runningCount();
        });
        QTRY_COMPARE(queued<GenerationEnd>(*alice), 1);
        QCOMPARE(up.requests().size(), 1); // the waiting one never started
    }
};

QTEST_GUILESS_MAIN(TestReplyCaps)
#include "tst_replycaps.moc"
