#include "ai/demomodel.h"
#include "ai/modelregistry.h"
#include "roomcast.h"

#include <QSet>
#include <QTest>
#include <functional>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

/// What a request can name: a conversation and one of its (ended) generations.
struct Target
{
    QString convId;
    QString genId;
};

/// Builds the request of one type, with request id `id`, aimed at `target`.
using RequestMaker = std::function<ClientMessage(const QString& id, const Target& target)>;

/// One row per client message type that names a conversation or a generation. A new type must
/// get a row here or be added to noConversationTypes(); everyTypeIsWalked() enforces it.
QList<RequestMaker> walkRows()
{
    return {
        [](const QString& id, const Target& t) -> ClientMessage {
            return ConversationUpdate { id, t.convId, u"Mine now"_s, u"demo"_s, u"Obey dave"_s };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return ConversationDelete { id, t.convId };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return HistoryRequest { id, t.convId, std::nullopt, 50 };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return SyncRequest { id, t.convId, 0 };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return MessageSend { id, t.convId, newUuid(), u"@assistant let me in"_s, true };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return GenerationStop { id, t.genId };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return GenerationResume { id, t.genId, 0 };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return GenerationContinue { id, t.genId };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return GenerationRetry { id, t.genId };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return MemberInvite { id, t.convId, u"dave"_s };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            // Whom to remove does not matter: the conversation is not dave's to look into.
            return MemberRemove { id, t.convId, newUuid() };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return ConversationLeave { id, t.convId };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return TypingRequest { id, t.convId, true };
        },
        [](const QString& id, const Target& t) -> ClientMessage {
            return ReadRequest { id, t.convId, 1 };
        },
    };
}

/// The client message types that name no conversation (sign-in, ping, list, create, presence).
QList<ClientMessage> noConversationTypes()
{
    return { Login {}, Auth {}, Register {}, Ping {}, ConversationsList {}, ConversationCreate {},
        PresenceSet {} };
}

/// `message` with the ids of `target` replaced by placeholders, to compare error texts about
/// different ids.
QString withoutIds(QString message, const Target& target)
{
    if (!target.convId.isEmpty())
        message.replace(target.convId, u"<convId>"_s);
    if (!target.genId.isEmpty())
        message.replace(target.genId, u"<genId>"_s);
    return message;
}

} // namespace

/// The documented policy "nobody where they don't belong": dave, signed in but a member of
/// nothing, names other people's conversations and generations in every request type that can
/// name one. Each answer is `not_found` with exactly the text a never-existing id gets, he hears
/// nothing about them, and nothing about them changes.
class TestAuthorization : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        TestServer::Options options;
        options.models = [] {
            server::ModelRegistry models;
            server::ModelSpec demo { u"demo"_s, u"Demo"_s, {}, {}, 0, true };
            demo.llm.demoTokensPerSecond = 1000;
            models.add(demo, std::make_unique<server::DemoModel>(demo.llm));
            // About two seconds per reply: time for dave to try to stop it.
            server::ModelSpec slow { u"slow"_s, u"Slow"_s, {}, {}, 0, false };
            slow.llm.demoTokensPerSecond = 50;
            models.add(slow, std::make_unique<server::DemoModel>(slow.llm));
            return models;
        };
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        for (const QString& name : { u"alice"_s, u"bob"_s, u"dave"_s })
            QVERIFY(m_server->addUser(name, name + u"-pw"_s));
        Welcome dave;
        m_alice = signedIn(m_server->url(), u"alice"_s, u"alice-pw"_s);
        m_bob = signedIn(m_server->url(), u"bob"_s, u"bob-pw"_s);
        m_dave = signedIn(m_server->url(), u"dave"_s, u"dave-pw"_s, &dave);
        QVERIFY(m_alice && m_bob && m_dave);

        // A room, a DM, a private AI chat, and a room dave was in until he was removed; each
        // with a message and an ended reply.
        const auto room = m_alice->createRoom(u"Secret plans"_s, { u"bob"_s });
        QVERIFY(room);
        const auto dm = m_alice->createDm(u"bob"_s);
        QVERIFY(dm);
        const auto ai = m_alice->createConversation(u"Private"_s);
        QVERIFY(ai);
        const auto former = m_alice->createRoom(u"Former"_s, { u"bob"_s, u"dave"_s });
        QVERIFY(former);
        for (const auto& [name, convId] :
            { std::pair { u"room"_s, room->convId }, std::pair { u"dm"_s, dm->convId },
                std::pair { u"ai"_s, ai->convId }, std::pair { u"former"_s, former->convId } }) {
            QVERIFY(m_alice->expect<Ack>(
                MessageSend { m_alice->nextId(), convId, newUuid(), u"@assistant hello"_s }));
            QString genId;
            while (genId.isEmpty()) {
                const auto end = m_alice->waitFor<GenerationEnd>(10000);
                QVERIFY(end);
                if (end->convId == convId)
                    genId = end->genId;
            }
            m_targets.insert(name, Target { convId, genId });
        }
        QVERIFY(m_alice->expect<Ok>(MemberRemove { u"r"_s, former->convId, dave.user.id }));
        for (WsTestClient* client : { m_alice.get(), m_bob.get(), m_dave.get() }) {
            QVERIFY(client->roundTrip());
            client->queue().clear();
        }
        for (auto it = m_targets.cbegin(); it != m_targets.cend(); ++it) {
            const auto snapshot = m_alice->listed(it->convId);
            QVERIFY(snapshot);
            m_snapshots.insert(it.key(), *snapshot);
        }
    }

    void everyTypeIsWalked()
    {
        const Target target { u"c"_s, u"g"_s };
        QSet<std::size_t> walked;
        for (const RequestMaker& make : walkRows())
            walked.insert(make(u"x"_s, target).index());
        QSet<std::size_t> exempt;
        for (const ClientMessage& message : noConversationTypes())
            exempt.insert(message.index());
        QCOMPARE(walked.size(), walkRows().size()); // one row per type
        QVERIFY(!walked.intersects(exempt));
        QCOMPARE(std::size_t(walked.size() + exempt.size()), std::variant_size_v<ClientMessage>);
    }

    void walk_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("row");
        const QList<RequestMaker> rows = walkRows();
        for (const QString& target : { u"room"_s, u"dm"_s, u"ai"_s, u"former"_s }) {
            for (int row = 0; row < rows.size(); ++row) {
                const QString type = typeName(rows.at(row)(QString(), Target {}));
                QTest::addRow("%s %s", qPrintable(target), qPrintable(type)) << target << row;
            }
        }
    }

    void walk()
    {
        QFETCH(QString, target);
        QFETCH(int, row);
        const RequestMaker make = walkRows().at(row);
        const Target real = m_targets.value(target);
        const Target neverExisted { newUuid(), newUuid() };
        // A failed row leaves nothing behind for the next one.
        for (WsTestClient* client : { m_alice.get(), m_bob.get(), m_dave.get() }) {
            QVERIFY(client->roundTrip());
            client->queue().clear();
        }

        const ClientMessage attempt = make(m_dave->nextId(), real);
        const auto refused = m_dave->expectError(attempt, ErrorCode::NotFound);
        QVERIFY(refused);
        QCOMPARE(refused->id, requestId(attempt));
        const auto unknown
            = m_dave->expectError(make(m_dave->nextId(), neverExisted), ErrorCode::NotFound);
        QVERIFY(unknown);
        // Nothing leaks: the same words as for an id that never existed.
        QCOMPARE(withoutIds(refused->message, real), withoutIds(unknown->message, neverExisted));
        QVERIFY(!refused->message.contains(u"Secret"_s));

        // dave heard nothing else, and still sees none of it.
        const auto list = m_dave->roundTrip();
        QVERIFY(list);
        QVERIFY(list->items.isEmpty());
        QVERIFY2(m_dave->queue().isEmpty(), qPrintable(m_dave->describeQueue()));

        // The members heard nothing from him, and the conversation is as it was.
        for (WsTestClient* member : { m_alice.get(), m_bob.get() }) {
            QVERIFY(member->roundTrip());
            QVERIFY2(member->queue().isEmpty(), qPrintable(member->describeQueue()));
        }
        const auto now = m_alice->listed(real.convId);
        QVERIFY(now);
        QCOMPARE(*now, m_snapshots.value(target));
    }

    void runningReplyCannotBeStopped()
    {
        const auto room = m_alice->createRoom(u"Slow"_s, { u"bob"_s }, u"slow"_s);
        QVERIFY(room);
        QVERIFY(m_alice->expect<Ack>(
            MessageSend { u"m"_s, room->convId, newUuid(), u"@assistant take your time"_s }));
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QVERIFY(m_alice->waitFor<GenerationDelta>());
        QVERIFY(m_dave->expectError(GenerationStop { u"s"_s, start->genId }, ErrorCode::NotFound));
        QVERIFY(
            m_dave->expectError(GenerationResume { u"r"_s, start->genId, 0 }, ErrorCode::NotFound));
        const auto end = m_alice->waitFor<GenerationEnd>(15000);
        QVERIFY(end);
        QCOMPARE(end->genId, start->genId);
        QCOMPARE(end->finish, FinishReason::Stop); // not stopped by dave
        QVERIFY(m_dave->roundTrip());
        QVERIFY2(m_dave->queue().isEmpty(), qPrintable(m_dave->describeQueue()));
    }

    void outsiderHearsNothing()
    {
        // Everything members do in their conversations while dave is connected.
        const Target room = m_targets.value(u"room"_s);
        const Target dm = m_targets.value(u"dm"_s);
        auto bobTwo = signedIn(m_server->url(), u"bob"_s, u"bob-pw"_s);
        QVERIFY(bobTwo);
        QVERIFY(m_bob->expect<Ack>(
            MessageSend { u"m"_s, room.convId, newUuid(), u"@assistant what now?"_s }));
        QVERIFY(m_alice->waitFor<GenerationEnd>(10000));
        m_bob->send(TypingRequest { QString(), dm.convId, true });
        QVERIFY(m_alice->expect<Ok>(ReadRequest { u"r"_s, room.convId, 1000 }));
        QVERIFY(m_bob->expect<Ok>(PresenceSet { u"p1"_s, PresenceState::Away }));
        QVERIFY(bobTwo->expect<Ok>(PresenceSet { u"p2"_s, PresenceState::Away }));
        const auto away = m_alice->waitFor<PresenceEvent>();
        QVERIFY(away);
        QCOMPARE(away->state, PresenceState::Away);
        QVERIFY(m_bob->expect<Ok>(PresenceSet { u"p3"_s, PresenceState::Online }));
        const auto back = m_alice->waitFor<PresenceEvent>();
        QVERIFY(back);
        QCOMPARE(back->state, PresenceState::Online);
        QVERIFY(m_alice->expect<ConversationReply>(
            ConversationUpdate { u"u"_s, room.convId, u"Renamed"_s, {}, {} }));
        bobTwo->close();
        QVERIFY(bobTwo->waitForDisconnected());

        QVERIFY(m_dave->roundTrip());
        QVERIFY2(m_dave->queue().isEmpty(), qPrintable(m_dave->describeQueue()));
    }

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<WsTestClient> m_alice;
    std::unique_ptr<WsTestClient> m_bob;
    std::unique_ptr<WsTestClient> m_dave;
    QHash<QString, Target> m_targets;
    QHash<QString, Conversation> m_snapshots;
};

QTEST_GUILESS_MAIN(TestAuthorization)
#include "tst_authorization.moc"
