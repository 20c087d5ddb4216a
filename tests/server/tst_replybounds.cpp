#include "app/server.h"
#include "chat/hub.h"
#include "replytestsupport.h"
#include "storefixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace replytest;

/// What one reply may take: bytes, upstream line length, duration, the pace of its readers, and
/// how much history its prompt reads.
class TestReplyBounds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replyCappedInBytes()
    {
        FakeUpstream up;
        FakeUpstream::Response response;
        for (int i = 0; i < 40; ++i)
            response.body += textEvent(QByteArray(100, 'x'));
        response.writeSize = FakeUpstream::PerSseEvent;
        response.stallAfter = response.body.size(); // it would go on: the server must hang up
        up.serve(response);
        server::GenerationLimits limits;
        limits.maxReplyBytes = 1000;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Long"_s);
        QVERIFY(conv);
        QSignalSpy closedEarly(&up, &FakeUpstream::clientClosedEarly);
        QVERIFY(say(*alice, conv->convId, u"Talk a lot"_s));

        const auto end = alice->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QVERIFY(end->error);
        QCOMPARE(end->error->code, ErrorCode::UpstreamError);
        QCOMPARE(end->error->message, u"The reply was cut at 1000 bytes, the server's limit"_s);
        QCOMPARE(end->message.text, QString(1000, u'x')); // exactly the cap
        QString relayed;
        while (const auto delta = alice->waitFor<GenerationDelta>(0))
            relayed += delta->text;
        QCOMPARE(relayed, end->message.text);
        alice->send(HistoryRequest { u"h"_s, conv->convId, std::nullopt, 10 });
        const auto history = alice->waitFor<HistoryReply>();
        QVERIFY(history);
        const auto* stored = std::get_if<GenerationEnd>(&history->events.last());
        QVERIFY(stored);
        QCOMPARE(stored->message.text, end->message.text);
        // The upstream request was aborted.
        QVERIFY(closedEarly.count() == 1 || closedEarly.wait());
    }

    void byteCapNeverSplitsACharacter()
    {
        FakeUpstream up;
        FakeUpstream::Response response;
        // "é" is 2 bytes, "😀" 4 (a surrogate pair in UTF-16), "e" + U+0301 one grapheme.
        for (int i = 0; i < 200; ++i)
            response.body += textEvent("\xC3\xA9\xF0\x9F\x98\x80"
                                       "e\xCC\x81");
        response.body += streamEnd;
        response.writeSize = FakeUpstream::PerSseEvent;
        up.serve(response);
        for (const int cap : { 1001, 1002, 1003, 1004, 1005, 1006 }) {
            server::GenerationLimits limits;
            limits.maxReplyBytes = cap;
            const auto server = startServer(up, limits, { u"alice"_s });
            QVERIFY(server);
            const auto alice = signIn(*server, u"alice"_s);
            QVERIFY(alice);
            const auto conv = alice->createConversation(u"Emoji"_s);
            QVERIFY(conv);
            QVERIFY(say(*alice, conv->convId, u"Go"_s));
            const auto end = alice->waitFor<GenerationEnd>(10000);
            QVERIFY(end);
            QCOMPARE(end->finish, FinishReason::Interrupted);
            const QString text = end->message.text;
            const QByteArray utf8 = text.toUtf8();
            QVERIFY2(utf8.size() <= cap && utf8.size() > cap - 9,
                qPrintable(u"%1 bytes for a cap of %2"_s.arg(utf8.size()).arg(cap)));
            QVERIFY(!text.back().isHighSurrogate());
            QCOMPARE(QString::fromUtf8(utf8), text);
            // Whole graphemes: it ends after "é", "😀" or "é" (e + accent), never on a bare "e".
            QVERIFY2(!text.endsWith(u'e'), qPrintable(text.right(4)));
        }
    }

    void endlessUpstreamLineEndsTheReply()
    {
        FakeUpstream up;
        FakeUpstream::Response response;
        response.body = textEvent("Hi")
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
            + QByteArray(4 * 1024 * 1024, 'x');
        response.writeSize = 16 * 1024;
        response.stallAfter = response.body.size(); // no end, ever
        up.serve(response);
        server::GenerationLimits limits;
        limits.maxUpstreamLineBytes = 4096;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Line"_s);
        QVERIFY(conv);
        QVERIFY(say(*alice, conv->convId, u"Go"_s));
        const auto end = alice->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QVERIFY(end->error);
        QCOMPARE(end->error->code, ErrorCode::UpstreamError);
        QCOMPARE(end->error->message,
            u"The model server sent a line longer than 4 KiB, the server's limit; the reply was "
            "cut there"_s);
        QCOMPARE(end->message.text, u"Hi"_s);
    }

    void replyCappedInDuration()
    {
        FakeUpstream up;
        up.serve(stalled());
        server::GenerationLimits limits;
        limits.maxReplyDurationMs = 500;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Slow"_s);
        QVERIFY(conv);
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY(say(*alice, conv->convId, u"Go"_s));
        const auto end = alice->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QVERIFY(elapsed.elapsed() >= 475); // a coarse timer may fire up to 5 % early
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QVERIFY(end->error);
        QCOMPARE(end->error->code, ErrorCode::UpstreamError);
        QCOMPARE(end->error->message, u"The reply was cut after 0.5 s, the server's limit"_s);
        QCOMPARE(end->message.text, u"Hi"_s);
    }

    void pausedWhileSendQueuesAreCongested()
    {
        FakeUpstream up;
        FakeUpstream::Response response;
        for (int i = 0; i < 50; ++i)
            response.body += textEvent("word ");
        response.body += streamEnd;
        response.writeSize = FakeUpstream::PerSseEvent;
        up.serve(response);
        const auto server = startServer(up, {});
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Paced"_s);
        QVERIFY(conv);

        // The network workers would count this; here the test fills the budget itself.
        qint64 congestion = 0;
        server->inServerThread([&](server::Server& s) {
            congestion = s.hub()->sendBudget().budget();
            s.hub()->sendBudget().add(congestion);
        });
        QVERIFY(say(*alice, conv->convId, u"Go"_s));
        QVERIFY(alice->waitFor<GenerationStart>());
        QVERIFY(up.requests().size() == 1
            || QTest::qWaitFor([&] { return up.requests().size() == 1; }));
        // Longer than several pacing intervals: nothing is relayed while the queues are full.
        QVERIFY(!alice->waitFor<GenerationDelta>(1000));
        QCOMPARE(queued<GenerationEnd>(*alice), 0);

        server->inServerThread(
            [&](server::Server& s) { s.hub()->sendBudget().release(congestion); });
        const auto end = alice->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, QString(u"word "_s).repeated(50));
    }

    void promptReadsOnlyTheNewestMessages()
    {
        StoreFixture store;
        QVERIFY2(store.open({ u"alice"_s }), qPrintable(store.errorString()));
        const QString aliceId = store.ids().value(u"alice"_s);
        const auto conv = store.chats().createConversation(aliceId, u"Long"_s, {}, {});
        QVERIFY(conv);
        QStringList msgIds;
        for (int i = 1; i <= 500; ++i) {
            const auto event = store.chats().addUserMessage(conv->convId,
                Author { AuthorKind::User, aliceId, u"alice"_s }, newUuid(),
                u"message %1"_s.arg(i));
            QVERIFY(event);
            msgIds.append(event->message.msgId);
        }

        const auto newest = store.chats().promptMessages(conv->convId, 200);
        QCOMPARE(newest.size(), 200);
        QCOMPARE(newest.first().text, u"message 301"_s);
        QCOMPARE(newest.last().text, u"message 500"_s);

        // Up to an older message (a continue or retry far back).
        const auto upTo100 = store.chats().promptMessages(conv->convId, 200, msgIds.at(99));
        QCOMPARE(upTo100.size(), 100);
        QCOMPARE(upTo100.first().text, u"message 1"_s);
        QCOMPARE(upTo100.last().text, u"message 100"_s);
        const auto last50 = store.chats().promptMessages(conv->convId, 50, msgIds.at(99));
        QCOMPARE(last50.size(), 50);
        QCOMPARE(last50.first().text, u"message 51"_s);
        QCOMPARE(last50.last().text, u"message 100"_s);
    }

    void oldRepliesKeepTheirQuestion()
    {
        FakeUpstream up;
        // The first reply is cut off after "Hello" (interrupted: it can be continued).
        FakeUpstream::Response cut = hello();
        cut.truncateAfter = textEvent("Hello").size();
        up.enqueue(cut);
        up.serve(hello());
        server::GenerationLimits limits;
        limits.maxPromptMessages = 10;
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Old"_s);
        QVERIFY(conv);
        QVERIFY(say(*alice, conv->convId, u"question one"_s));
        const auto first = alice->waitFor<GenerationEnd>(10000);
        QVERIFY(first);
        QCOMPARE(first->finish, FinishReason::Interrupted);
        for (int i = 2; i <= 15; ++i) {
            QVERIFY(say(*alice, conv->convId, u"question %1"_s.arg(i)));
            QVERIFY(alice->waitFor<GenerationEnd>(10000));
        }
        // The newest 10 messages only, never a reply first.
        const auto latest = turnsOf(up.requests().last());
        QVERIFY(latest.size() <= 10);
        QCOMPARE(latest.first().first, u"user"_s);
        QCOMPARE(latest.last().second, u"question 15"_s);

        alice->send(GenerationRetry { u"r"_s, first->genId });
        QVERIFY(alice->waitFor<GenerationEnd>(10000));
        QCOMPARE(lastUserTurn(up.requests().last()), u"question one"_s);

        alice->send(GenerationContinue { u"c"_s, first->genId });
        QVERIFY(alice->waitFor<GenerationEnd>(10000));
        const auto continued = turnsOf(up.requests().last());
        QVERIFY(continued.size() >= 3);
        // …, the question, the partial reply, the instruction to go on.
        QCOMPARE(continued.at(continued.size() - 3),
            (QPair<QString, QString> { u"user"_s, u"question one"_s }));
        QCOMPARE(continued.at(continued.size() - 2),
            (QPair<QString, QString> { u"assistant"_s, u"Hello"_s }));
    }

    void defaultPromptBudget()
    {
        FakeUpstream up;
        up.serve(hello());
        server::GenerationLimits limits;
        limits.defaultContextTokens = 30; // the model configures none
        const auto server = startServer(up, limits);
        QVERIFY(server);
        const auto alice = signIn(*server, u"alice"_s);
        QVERIFY(alice);
        const auto conv = alice->createConversation(u"Budget"_s);
        QVERIFY(conv);
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(
                say(*alice, conv->convId, u"%1 forty characters of text, more or less"_s.arg(i)));
            QVERIFY(alice->waitFor<GenerationEnd>(10000));
        }
        // About 15 tokens a message: only the newest fits.
        const auto turns = turnsOf(up.requests().last());
        QCOMPARE(turns.size(), 1);
        QVERIFY(turns.first().second.startsWith(u"3 "_s));
    }
};

QTEST_GUILESS_MAIN(TestReplyBounds)
#include "tst_replybounds.moc"
