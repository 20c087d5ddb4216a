#include "ai/demomodel.h"
#include "ai/modelregistry.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
/// The demo model (default) and a second one, "other-model", to switch to.
TestServer::Options twoModels()
{
    TestServer::Options options;
    options.models = [] {
        server::ModelRegistry models;
        server::ModelSpec demo { u"demo"_s, u"Demo"_s, {}, {}, 0, true };
        models.add(demo, std::make_unique<server::DemoModel>(demo.llm));
        server::ModelSpec other { u"other-model"_s, u"Other"_s, {}, {}, 0, false };
        models.add(other, std::make_unique<server::DemoModel>(other.llm));
        return models;
    };
    return options;
}
} // namespace

/// conversations.list/create/update/delete, pushes to a user's other connections, and that no
/// user ever reaches another's conversations.
class TestConversations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.addUser(u"alice"_s, u"a"_s));
        QVERIFY(m_server.addUser(u"bob"_s, u"b"_s));
    }

    void crud()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server.url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        WsTestClient aliceTwo;
        QVERIFY(aliceTwo.open(m_server.url()));
        QVERIFY(aliceTwo.login(u"alice"_s, u"a"_s));

        alice.send(ConversationCreate { u"c1"_s, u"Trip"_s, std::nullopt, u"Be brief"_s });
        const auto created = alice.waitFor<ConversationReply>();
        QVERIFY(created);
        QCOMPARE(created->id, u"c1"_s);
        const Conversation conv = created->conversation;
        QVERIFY(!conv.convId.isEmpty());
        QCOMPARE(conv.title, u"Trip"_s);
        QCOMPARE(conv.systemPrompt, u"Be brief"_s);
        QCOMPARE(conv.kind, ConversationKind::Ai);
        QCOMPARE(conv.model, u"demo"_s); // the default model
        QCOMPARE(conv.lastSeq, 0);

        // The other connection hears about it, without an id.
        const auto pushed = aliceTwo.waitFor<ConversationReply>();
        QVERIFY(pushed);
        QVERIFY(pushed->id.isEmpty());
        QCOMPARE(pushed->conversation.convId, conv.convId);

        alice.send(ConversationCreate { u"c2"_s, std::nullopt, std::nullopt, std::nullopt });
        const auto second = alice.waitFor<ConversationReply>();
        QVERIFY(second);
        QVERIFY(!second->conversation.title.isEmpty());

        alice.send(ConversationsList { u"l"_s });
        auto list = alice.waitFor<ConversationsReply>();
        QVERIFY(list);
        QCOMPARE(list->id, u"l"_s);
        QCOMPARE(list->items.size(), 2);

        // A model the server does not offer is refused.
        alice.send(ConversationUpdate {
            u"bad"_s, conv.convId, u"Holiday"_s, u"no-such-model"_s, std::nullopt });
        const auto refused = alice.waitFor<Error>();
        QVERIFY(refused);
        QCOMPARE(refused->id, u"bad"_s);
        QCOMPARE(refused->code, ErrorCode::BadRequest);
        QVERIFY2(refused->message.contains(u"no-such-model"_s), qPrintable(refused->message));

        alice.send(ConversationUpdate {
            u"u"_s, conv.convId, u"Holiday"_s, u"other-model"_s, std::nullopt });
        const auto updated = alice.waitFor<ConversationReply>();
        QVERIFY(updated);
        QCOMPARE(updated->id, u"u"_s);
        QCOMPARE(updated->conversation.title, u"Holiday"_s);
        QCOMPARE(updated->conversation.model, u"other-model"_s);
        QCOMPARE(updated->conversation.systemPrompt, u"Be brief"_s); // untouched
        QVERIFY(updated->conversation.updatedAt >= conv.updatedAt);

        alice.send(ConversationDelete { u"d"_s, conv.convId });
        const auto ok = alice.waitFor<Ok>();
        QVERIFY(ok);
        QCOMPARE(ok->id, u"d"_s);
        const auto deleted = aliceTwo.waitFor<ConversationDeleted>();
        QVERIFY(deleted);
        QCOMPARE(deleted->convId, conv.convId);

        alice.send(ConversationsList { u"l2"_s });
        list = alice.waitFor<ConversationsReply>();
        QVERIFY(list);
        QCOMPARE(list->items.size(), 1);
        QCOMPARE(list->items.first().convId, second->conversation.convId);

        alice.send(HistoryRequest { u"h"_s, conv.convId, std::nullopt, 50 });
        QCOMPARE(alice.waitFor<Error>()->code, ErrorCode::NotFound);
    }

    void isolation()
    {
        WsTestClient alice;
        QVERIFY(alice.open(m_server.url()));
        QVERIFY(alice.login(u"alice"_s, u"a"_s));
        WsTestClient bob;
        QVERIFY(bob.open(m_server.url()));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));

        alice.send(ConversationCreate { u"c"_s, u"Secret"_s, std::nullopt, std::nullopt });
        const auto created = alice.waitFor<ConversationReply>();
        QVERIFY(created);
        const QString convId = created->conversation.convId;

        bob.send(ConversationsList { u"l"_s });
        const auto list = bob.waitFor<ConversationsReply>();
        QVERIFY(list);
        for (const Conversation& c : list->items)
            QVERIFY(c.convId != convId);

        const QList<ClientMessage> attempts {
            ConversationUpdate { u"x1"_s, convId, u"Mine now"_s, std::nullopt, std::nullopt },
            ConversationDelete { u"x2"_s, convId },
            HistoryRequest { u"x3"_s, convId, std::nullopt, 50 },
            SyncRequest { u"x4"_s, convId, 0 },
            MessageSend { u"x5"_s, convId, u"bob-msg-1"_s, u"hello"_s },
        };
        for (const ClientMessage& attempt : attempts) {
            bob.send(attempt);
            const auto error = bob.waitFor<Error>();
            QVERIFY(error);
            QCOMPARE(error->code, ErrorCode::NotFound);
            QCOMPARE(error->id, requestId(attempt));
        }
        // Alice's conversation is untouched, and she heard nothing from Bob.
        alice.send(HistoryRequest { u"h"_s, convId, std::nullopt, 50 });
        const auto history = alice.waitFor<HistoryReply>();
        QVERIFY(history);
        QVERIFY(history->events.isEmpty());
        alice.send(ConversationsList { u"l"_s });
        const auto aliceList = alice.waitFor<ConversationsReply>();
        QVERIFY(aliceList);
        bool found = false;
        for (const Conversation& c : aliceList->items)
            found = found || (c.convId == convId && c.title == u"Secret"_s);
        QVERIFY(found);
        QVERIFY(!alice.waitFor<MessageEvent>(100));
    }

private:
    TestServer m_server { twoModels() };
};

QTEST_GUILESS_MAIN(TestConversations)
#include "tst_conversations.moc"
