#include "ai/demomodel.h"
#include "ai/modelregistry.h"
#include "fakeupstream.h"
#include "roomcast.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

/// An OpenAI-compatible stream saying "Hello world".
FakeUpstream::Response hello()
{
    FakeUpstream::Response response;
    response.body = R"(data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}

data: {"choices":[{"index":0,"delta":{"content":" world"}}]}

data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

data: [DONE]

)";
    response.writeSize = FakeUpstream::PerSseEvent;
    return response;
}

server::ModelSpec demoSpec(const QString& id, int tokensPerSecond, bool isDefault)
{
    server::ModelSpec spec;
    spec.id = id;
    spec.name = id;
    spec.llm.demoTokensPerSecond = tokensPerSecond;
    spec.isDefault = isDefault;
    return spec;
}

/// The text a client assembled from the deltas of `genId` (in deltaSeq order, none missing).
QString deltasOf(WsTestClient& client, const QString& genId)
{
    QString text;
    qint64 expected = 1;
    for (const GenerationDelta& delta : client.takeAll<GenerationDelta>()) {
        if (delta.genId != genId)
            continue;
        if (delta.deltaSeq != expected++)
            return u"<delta %1 out of order>"_s.arg(delta.deltaSeq);
        text += delta.text;
    }
    return text;
}

/// The turns of a captured upstream request as "role:content", without the system prompt.
QStringList turnsOf(const FakeUpstream::Request& request)
{
    QStringList turns;
    const QJsonArray messages
        = QJsonDocument::fromJson(request.body).object().value("messages"_L1).toArray();
    for (const QJsonValue& message : messages) {
        const QJsonObject turn = message.toObject();
        if (turn.value("role"_L1).toString() == "system"_L1)
            continue; // whatever the server tells the model about rooms is not the point here
        turns.append(turn.value("role"_L1).toString() + u':' + turn.value("content"_L1).toString());
    }
    return turns;
}

} // namespace

/// The assistant in rooms and DMs: only a mention of @assistant or `assistant: true` starts a
/// reply, the reply streams to every member with the same text, any member may stop it, and the
/// prompt tells the model who said what. Each test starts a fresh RoomCast (see roomcast.h) whose
/// server has three models: "demo" (fast, the default), "slow" (demo at 50 tokens a second) and
/// "capture" (a fake upstream that records the requests).
class TestRoomAssistant : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_upstream.serve(hello());
        QVERIFY(m_upstream.isListening());
    }

    void init()
    {
        TestServer::Options options;
        options.models = [this] {
            server::ModelRegistry models;
            const server::ModelSpec demo = demoSpec(u"demo"_s, 1000, true);
            models.add(demo, std::make_unique<server::DemoModel>(demo.llm));
            // About two seconds per reply: time for another member to stop it.
            const server::ModelSpec slow = demoSpec(u"slow"_s, 50, false);
            models.add(slow, std::make_unique<server::DemoModel>(slow.llm));
            server::ModelSpec capture;
            capture.id = u"capture"_s;
            capture.name = u"Capture"_s;
            capture.llm.kind = server::LlmConfig::Kind::OpenAi;
            capture.llm.baseUrl = m_upstream.baseUrl();
            capture.llm.model = u"upstream-model"_s;
            capture.llm.apiKey = u"sk-test"_s;
            capture.llm.connectTimeoutMs = 5000;
            capture.llm.idleTimeoutMs = 5000;
            return server::ModelRegistry::fromSpecs({ demo, slow, capture });
        };
        m_cast = std::make_unique<RoomCast>(options);
        QVERIFY(m_cast->start());
    }

    void cleanup() { m_cast.reset(); }

    void mentionOrFlagStartsAReply()
    {
        // Without a mention (or only in a longer word) nobody answers.
        for (const QString& text : { u"Where shall we go?"_s, u"@assistants are everywhere"_s,
                 u"the @assistantship office"_s }) {
            const auto ack = m_cast->bob->expect<Ack>(
                MessageSend { m_cast->bob->nextId(), m_cast->trip.convId, newUuid(), text });
            QVERIFY(ack);
        }
        for (WsTestClient* client :
            { m_cast->alice.get(), m_cast->bob.get(), m_cast->carol.get() }) {
            QVERIFY(client->roundTrip());
            QVERIFY(client->takeAll<GenerationStart>().isEmpty());
            QCOMPARE(client->takeAll<MessageEvent>().size(), 3);
        }

        // A mention, in any case and followed by punctuation, or the flag: a reply.
        const QList<MessageSend> asks {
            MessageSend {
                u"m1"_s, m_cast->trip.convId, newUuid(), u"Hey @Assistant, any ideas?"_s },
            MessageSend { u"m2"_s, m_cast->trip.convId, newUuid(), u"@assistant"_s },
            MessageSend { u"m3"_s, m_cast->trip.convId, newUuid(), u"And you?"_s, true },
        };
        for (const MessageSend& ask : asks) {
            const auto ack = m_cast->bob->expect<Ack>(ask);
            QVERIFY(ack);
            const auto start = m_cast->carol->waitFor<GenerationStart>();
            QVERIFY2(start, qPrintable(ask.text));
            QCOMPARE(start->convId, m_cast->trip.convId);
            QCOMPARE(start->seq, ack->seq + 1);
            const auto end = m_cast->carol->waitFor<GenerationEnd>(10000);
            QVERIFY(end);
            QCOMPARE(end->finish, FinishReason::Stop);
        }
        // The same in a DM, where nobody answers without being asked either.
        QVERIFY(m_cast->drainAll());
        QVERIFY(m_cast->carol->expect<Ack>(
            MessageSend { u"d1"_s, m_cast->dm.convId, newUuid(), u"hi"_s }));
        QVERIFY(m_cast->carol->expect<Ack>(
            MessageSend { u"d2"_s, m_cast->dm.convId, newUuid(), u"@assistant hi"_s }));
        const auto start = m_cast->alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QCOMPARE(start->convId, m_cast->dm.convId);
        QVERIFY(m_cast->alice->waitFor<GenerationEnd>(10000));
        QVERIFY(m_cast->alice->roundTrip());
        QVERIFY(m_cast->alice->takeAll<GenerationStart>().isEmpty());
    }

    void replyStreamsToEveryMember()
    {
        const auto ack = m_cast->carol->expect<Ack>(
            MessageSend { u"m"_s, m_cast->trip.convId, newUuid(), u"@assistant plan our trip"_s });
        QVERIFY(ack);
        const QList<WsTestClient*> members { m_cast->alice.get(), m_cast->aliceTwo.get(),
            m_cast->bob.get(), m_cast->carol.get() };
        QStringList texts;
        QString genId;
        for (WsTestClient* client : members) {
            const auto start = client->waitFor<GenerationStart>();
            QVERIFY(start);
            genId = start->genId;
            const auto end = client->waitFor<GenerationEnd>(10000);
            QVERIFY(end);
            QCOMPARE(end->genId, genId);
            QCOMPARE(end->finish, FinishReason::Stop);
            QCOMPARE(end->message.author.kind, AuthorKind::Assistant);
            QCOMPARE(deltasOf(*client, genId), end->message.text);
            texts.append(end->message.text);
        }
        QVERIFY(!texts.first().isEmpty());
        for (const QString& text : texts)
            QCOMPARE(text, texts.first());
        // Stored as streamed, for every member.
        for (WsTestClient* client : { m_cast->bob.get(), m_cast->carol.get() }) {
            const auto history = client->expect<HistoryReply>(
                HistoryRequest { u"h"_s, m_cast->trip.convId, {}, 50 });
            QVERIFY(history);
            const auto* stored = std::get_if<GenerationEnd>(&history->events.last());
            QVERIFY(stored);
            QCOMPARE(stored->message.text, texts.first());
        }
        QVERIFY(m_cast->dave->roundTrip());
        QVERIFY(m_cast->dave->takeAll<GenerationStart>().isEmpty());
        QVERIFY(m_cast->dave->takeAll<GenerationDelta>().isEmpty());
        QVERIFY(m_cast->dave->takeAll<GenerationEnd>().isEmpty());
    }

    void anyMemberCanStop()
    {
        const auto slow = m_cast->alice->createRoom(u"Slow"_s, { u"bob"_s, u"carol"_s }, u"slow"_s);
        QVERIFY(slow);
        QCOMPARE(slow->model, u"slow"_s);
        QVERIFY(m_cast->alice->expect<Ack>(
            MessageSend { u"m"_s, slow->convId, newUuid(), u"@assistant tell a long story"_s }));
        const auto start = m_cast->carol->waitFor<GenerationStart>();
        QVERIFY(start);
        QVERIFY(m_cast->carol->waitFor<GenerationDelta>());
        // carol asked nothing, yet may stop it.
        QVERIFY(m_cast->carol->expect<Ok>(GenerationStop { u"s"_s, start->genId }));

        const QList<WsTestClient*> members { m_cast->alice.get(), m_cast->aliceTwo.get(),
            m_cast->bob.get(), m_cast->carol.get() };
        QString text;
        for (WsTestClient* client : members) {
            const auto end = client->waitFor<GenerationEnd>(10000);
            QVERIFY(end);
            QCOMPARE(end->genId, start->genId);
            QCOMPARE(end->finish, FinishReason::Stopped);
            QCOMPARE(end->message.status, MessageStatus::Stopped);
            if (text.isNull())
                text = end->message.text;
            QCOMPARE(end->message.text, text);
        }
        // Less than the whole reply.
        server::CompletionRequest request;
        // The real prompt quotes "alice: @assistant …", which makes the full reply longer still.
        request.turns.append({ server::PromptTurn::Role::User, u"@assistant tell a long story"_s });
        QVERIFY(text.size() < server::DemoModel::replyFor(request).size());
    }

    void promptNamesTheSpeakers()
    {
        const auto room = m_cast->alice->createRoom(u"Ask"_s, { u"bob"_s }, u"capture"_s);
        QVERIFY(room);
        const qsizetype seen = m_upstream.requests().size();
        QVERIFY(m_cast->alice->expect<Ack>(
            MessageSend { u"a"_s, room->convId, newUuid(), u"Hi all"_s }));
        QVERIFY(m_cast->bob->expect<Ack>(
            MessageSend { u"b"_s, room->convId, newUuid(), u"@assistant who said hi?"_s }));
        const auto end = m_cast->bob->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->message.text, u"Hello world"_s);
        QCOMPARE(m_upstream.requests().size(), seen + 1);
        QCOMPARE(turnsOf(m_upstream.requests().last()),
            (QStringList { u"user:alice: Hi all"_s, u"user:bob: @assistant who said hi?"_s }));

        // alice's copy of the first reply's end first, so the end waited for below is the
        // second reply's (on a slow machine it may still be queued).
        const auto firstEnd = m_cast->alice->waitFor<GenerationEnd>(10000);
        QVERIFY(firstEnd);
        QCOMPARE(firstEnd->genId, end->genId);
        QVERIFY(m_cast->alice->expect<Ack>(
            MessageSend { u"c"_s, room->convId, newUuid(), u"Thanks"_s, true }));
        const auto secondEnd = m_cast->alice->waitFor<GenerationEnd>(10000);
        QVERIFY(secondEnd);
        QVERIFY(secondEnd->genId != end->genId);
        QCOMPARE(m_upstream.requests().size(), seen + 2);
        // The assistant's own turn is not prefixed.
        QCOMPARE(turnsOf(m_upstream.requests().last()),
            (QStringList { u"user:alice: Hi all"_s, u"user:bob: @assistant who said hi?"_s,
                u"assistant:Hello world"_s, u"user:alice: Thanks"_s }));
    }

private:
    std::unique_ptr<WsTestClient> signIn(const QString& name, UserInfo* user = nullptr)
    {
        Welcome welcome;
        auto client = signedIn(m_cast->server.url(), name, name + u"-pw"_s, &welcome);
        if (user)
            *user = welcome.user;
        return client;
    }

    /// Empties every client's queue, after making sure nothing is still on its way.

private:
    FakeUpstream m_upstream;
    std::unique_ptr<RoomCast> m_cast;
};

QTEST_GUILESS_MAIN(TestRoomAssistant)
#include "tst_roomassistant.moc"
