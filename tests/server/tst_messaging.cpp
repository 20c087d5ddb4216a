#include "testserver.h"
#include "wstestclient.h"

#include <QTest>
#include <QUuid>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

/// message.send: ack, the message event on every connection of the user, deduplication by
/// clientMsgId, and a full streamed reply from the demo model that history then shows.
class TestMessaging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.addUser(u"alice"_s, u"a"_s));
        QVERIFY(m_server.addUser(u"bob"_s, u"b"_s));
    }

    void init()
    {
        m_alice = std::make_unique<WsTestClient>();
        QVERIFY(m_alice->open(m_server.url()));
        QVERIFY(m_alice->login(u"alice"_s, u"a"_s));
        const auto created = m_alice->createConversation(u"Test"_s);
        QVERIFY(created);
        m_convId = created->convId;
    }

    void sendAckAndEvent()
    {
        WsTestClient aliceTwo;
        QVERIFY(aliceTwo.open(m_server.url()));
        QVERIFY(aliceTwo.login(u"alice"_s, u"a"_s));
        WsTestClient bob;
        QVERIFY(bob.open(m_server.url()));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));

        const QString clientMsgId = newUuid();
        m_alice->send(MessageSend { u"s1"_s, m_convId, clientMsgId, u"Hello there"_s });
        const auto ack = m_alice->waitFor<Ack>();
        QVERIFY(ack);
        QCOMPARE(ack->id, u"s1"_s);
        QCOMPARE(ack->clientMsgId, clientMsgId);
        QVERIFY(!ack->duplicate);
        QCOMPARE(ack->seq, 1);
        QVERIFY(!ack->msgId.isEmpty());

        for (WsTestClient* client : { m_alice.get(), &aliceTwo }) {
            const auto event = client->waitFor<MessageEvent>();
            QVERIFY(event);
            QCOMPARE(event->convId, m_convId);
            QCOMPARE(event->seq, 1);
            QCOMPARE(event->message.msgId, ack->msgId);
            QCOMPARE(event->message.clientMsgId, clientMsgId);
            QCOMPARE(event->message.text, u"Hello there"_s);
            QCOMPARE(event->message.author.kind, AuthorKind::User);
            QCOMPARE(event->message.author.name, u"alice"_s);
            QCOMPARE(event->message.status, MessageStatus::Complete);
            // The reply starts right after.
            const auto start = client->waitFor<GenerationStart>();
            QVERIFY(start);
            QCOMPARE(start->seq, 2);
        }
        QVERIFY(!bob.waitFor<MessageEvent>(200));
        QVERIFY(!bob.waitFor<GenerationStart>(0));
    }

    void duplicateClientMsgId()
    {
        const QString clientMsgId = newUuid();
        m_alice->send(MessageSend { u"s1"_s, m_convId, clientMsgId, u"Once"_s });
        const auto first = m_alice->waitFor<Ack>();
        QVERIFY(first);
        QVERIFY(!first->duplicate);
        QVERIFY(m_alice->waitFor<GenerationStart>());
        QVERIFY(m_alice->waitFor<GenerationEnd>());

        m_alice->send(MessageSend { u"s2"_s, m_convId, clientMsgId, u"Twice (ignored)"_s });
        const auto second = m_alice->waitFor<Ack>();
        QVERIFY(second);
        QCOMPARE(second->id, u"s2"_s);
        QVERIFY(second->duplicate);
        QCOMPARE(second->msgId, first->msgId);
        QCOMPARE(second->seq, first->seq);
        QVERIFY(!m_alice->waitFor<GenerationStart>(300));

        m_alice->send(HistoryRequest { u"h"_s, m_convId, std::nullopt, 200 });
        const auto history = m_alice->waitFor<HistoryReply>();
        QVERIFY(history);
        int messages = 0;
        int starts = 0;
        for (const Event& event : history->events) {
            if (const auto* m = std::get_if<MessageEvent>(&event)) {
                ++messages;
                QCOMPARE(m->message.text, u"Once"_s);
            }
            starts += std::holds_alternative<GenerationStart>(event) ? 1 : 0;
        }
        QCOMPARE(messages, 1);
        QCOMPARE(starts, 1);
    }

    void streamsDemoReply()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Tell me something"_s });
        const auto ack = m_alice->waitFor<Ack>();
        QVERIFY(ack);
        QVERIFY(ack->id.isEmpty());
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QCOMPARE(start->convId, m_convId);
        const auto end = m_alice->waitFor<GenerationEnd>(10000);
        QVERIFY(end);

        QString text;
        qint64 expected = 1;
        while (const auto delta = m_alice->waitFor<GenerationDelta>(0)) {
            QCOMPARE(delta->genId, start->genId);
            QCOMPARE(delta->convId, m_convId);
            QCOMPARE(delta->deltaSeq, expected++);
            text += delta->text;
        }
        QVERIFY(expected > 3);
        QCOMPARE(end->genId, start->genId);
        QCOMPARE(end->msgId, start->msgId);
        QCOMPARE(end->seq, 3);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, text);
        QCOMPARE(end->message.status, MessageStatus::Complete);
        QCOMPARE(end->message.author.kind, AuthorKind::Assistant);
        QCOMPARE(end->message.genId, start->genId);
        QVERIFY(end->usage);

        m_alice->send(HistoryRequest { u"h"_s, m_convId, std::nullopt, 50 });
        const auto history = m_alice->waitFor<HistoryReply>();
        QVERIFY(history);
        QCOMPARE(history->convId, m_convId);
        QCOMPARE(history->events.size(), 3);
        QVERIFY(!history->hasMore);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(seqOf(history->events[i]), i + 1);
        QVERIFY(std::holds_alternative<MessageEvent>(history->events[0]));
        QVERIFY(std::holds_alternative<GenerationStart>(history->events[1]));
        const auto* stored = std::get_if<GenerationEnd>(&history->events[2]);
        QVERIFY(stored);
        QCOMPARE(stored->message.text, text);
        QCOMPARE(*stored, *end);

        // The next prompt includes the history, and a conversation's list entry shows lastSeq.
        m_alice->send(ConversationsList { u"l"_s });
        const auto list = m_alice->waitFor<ConversationsReply>();
        QVERIFY(list);
        bool found = false;
        for (const Conversation& c : list->items)
            found = found || (c.convId == m_convId && c.lastSeq == 3);
        QVERIFY(found);
    }

    void historyPages()
    {
        for (int i = 0; i < 3; ++i) {
            m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"msg %1"_s.arg(i) });
            QVERIFY(m_alice->waitFor<GenerationEnd>(10000));
        }
        // 9 events: newest first pages, each in seq order.
        m_alice->send(HistoryRequest { u"h1"_s, m_convId, std::nullopt, 4 });
        auto page = m_alice->waitFor<HistoryReply>();
        QVERIFY(page);
        QCOMPARE(page->events.size(), 4);
        QVERIFY(page->hasMore);
        QCOMPARE(seqOf(page->events.first()), 6);
        QCOMPARE(seqOf(page->events.last()), 9);
        m_alice->send(HistoryRequest { u"h2"_s, m_convId, 6, 200 });
        page = m_alice->waitFor<HistoryReply>();
        QVERIFY(page);
        QCOMPARE(page->events.size(), 5);
        QVERIFY(!page->hasMore);
        QCOMPARE(seqOf(page->events.first()), 1);

        m_alice->send(SyncRequest { u"s"_s, m_convId, 7 });
        const auto sync = m_alice->waitFor<SyncReply>();
        QVERIFY(sync);
        QCOMPARE(sync->id, u"s"_s);
        QCOMPARE(sync->events.size(), 2);
        QCOMPARE(seqOf(sync->events.first()), 8);
        QVERIFY(sync->live.isEmpty());
        QVERIFY(!sync->hasMore);
    }

private:
    // Paced slower than the server's 16 ms delta frame (GenerationRunner::coalesceMs), so the
    // demo reply streams as many deltas; at the default 1000 tokens/s they would be merged.
    TestServer m_server { [] {
        TestServer::Options options;
        options.demoTokensPerSecond = 50;
        return options;
    }() };
    std::unique_ptr<WsTestClient> m_alice;
    QString m_convId;
};

QTEST_GUILESS_MAIN(TestMessaging)
#include "tst_messaging.moc"
