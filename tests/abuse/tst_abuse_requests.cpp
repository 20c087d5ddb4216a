// Request floods from signed-in users (issue 9): message.send into a room, typing, a client that
// ignores its refusals, hub-backed requests, and messages into an AI chat. Each flood is refused
// past its burst (rate_limited with retryAfterMs) while another user's round trip stays short.
#include "abusecheck.h"
#include "abuseserver.h"
#include "abusesocket.h"
#include "probe.h"

#include <QTest>
#include <memory>

using namespace palaver;
using namespace palaver::abuse;
using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int messagesBurst = 30;
constexpr int typingBurst = 20;
constexpr qint64 probeBoundMs = 1500;

const QByteArray config = R"([limits]
messages-per-minute = 120
messages-burst = 30
typing-per-minute = 120
typing-burst = 20
close-after-refusals = 400
)";

/// Tallies the answers to requests `prefix0` .. `prefix<count-1>`.
struct Answers
{
    int acks = 0;
    int limited = 0;
    int limitedWithoutRetry = 0;
    int other = 0;
    int total() const { return acks + limited + other; }
};

Answers tally(AbuseSocket& socket, const QString& prefix)
{
    Answers answers;
    for (const ServerMessage& message : std::as_const(socket.messages())) {
        const QString id = std::visit(
            [](const auto& m) -> QString {
                if constexpr (requires { m.id; })
                    return m.id;
                else
                    return QString();
            },
            message);
        if (!id.startsWith(prefix))
            continue;
        if (std::holds_alternative<Ack>(message)
            || std::holds_alternative<ConversationsReply>(message)) {
            ++answers.acks;
        } else if (const auto* error = std::get_if<Error>(&message);
                   error && error->code == ErrorCode::RateLimited) {
            ++answers.limited;
            answers.limitedWithoutRetry += error->retryAfterMs.value_or(0) > 0 ? 0 : 1;
        } else {
            ++answers.other;
        }
    }
    return answers;
}

std::unique_ptr<AbuseSocket> signedIn(
    quint16 port, const QHostAddress& from, const QString& name, const QString& password)
{
    auto socket = std::make_unique<AbuseSocket>();
    if (socket->open(port, from) != 101 || !socket->signIn(name, password))
        return nullptr;
    return socket;
}

ConversationCreate createRequest(const QString& id, const QString& title,
    ConversationKind kind = ConversationKind::Ai, const QStringList& members = {})
{
    ConversationCreate request;
    request.id = id;
    request.title = title;
    request.kind = kind;
    request.members = members;
    return request;
}

std::optional<Conversation> create(AbuseSocket& socket, const ConversationCreate& request)
{
    socket.send(request);
    const auto answer = socket.waitForAnswer(request.id, 10000);
    if (const auto* reply = answer ? std::get_if<ConversationReply>(&*answer) : nullptr)
        return reply->conversation;
    return std::nullopt;
}

/// A hub round trip on `socket`: everything the hub queued for it before is here after.
bool barrier(AbuseSocket& socket, const QString& id)
{
    socket.send(ConversationsList { id });
    return socket.waitForAnswer(id, 30000).has_value();
}
} // namespace

class TestAbuseRequests : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        for (const QString& name : { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s })
            QVERIFY(m_server.addUser(name, name + u"-pw"_s));
        // A slow demo model: replies in an AI chat keep running through the test.
        QVERIFY2(m_server.start(config,
                     { u"--demo-tokens-per-second"_s, u"5"_s, u"--shutdown-grace-ms"_s, u"0"_s }),
            qPrintable(m_server.errorString()));
        m_probe = std::make_unique<Probe>(m_server.url(), u"bob"_s, u"bob-pw"_s);
        QVERIFY(m_probe->start());
        m_alice = signedIn(m_server.port(), loopback(7, 1), u"alice"_s, u"alice-pw"_s);
        m_carol = signedIn(m_server.port(), loopback(7, 2), u"carol"_s, u"carol-pw"_s);
        QVERIFY(m_alice && m_carol);
        const auto conversation = create(
            *m_alice, createRequest(u"room"_s, u"flood"_s, ConversationKind::Room, { u"carol"_s }));
        QVERIFY(conversation);
        m_roomId = conversation->convId;
        QVERIFY(barrier(*m_carol, u"carol-ready"_s));
        m_carol->messages().clear();
    }

    void cleanupTestCase()
    {
        m_alice.reset();
        m_carol.reset();
        m_probe.reset();
        m_server.stop();
    }

    void init() { m_probe->reset(); }

    /// 1000 message.send into a room in one burst.
    void messageFloodIsRefusedPastTheBurst()
    {
        auto flooder = signedIn(m_server.port(), loopback(7, 3), u"alice"_s, u"alice-pw"_s);
        QVERIFY(flooder);
        for (int i = 0; i < 1000; ++i)
            flooder->send(MessageSend { u"m%1"_s.arg(i), m_roomId, u"cm-%1"_s.arg(i), u"hi"_s });
        settle([&] { return flooder->ended() || tally(*flooder, u"m"_s).total() >= 1000; }, 60000);
        const Answers answers = tally(*flooder, u"m"_s);
        QVERIFY(barrier(*m_carol, u"carol-after-flood"_s));
        const int delivered = int(m_carol->takeAll<MessageEvent>().size());
        figure("message-flood", "acks-of-1000", answers.acks);
        figure("message-flood", "rate-limited", answers.limited);
        figure("message-flood", "delivered-to-other-member", delivered);
        figure("message-flood", "flooder-close-code", flooder->closeCode());
        figure("message-flood", "probe-slowest-ms", m_probe->slowestMs());
        ABUSE_BOUND(answers.acks <= messagesBurst + 5, u"%1 acks"_s.arg(answers.acks));
        ABUSE_BOUND(answers.limited > 0 && answers.limitedWithoutRetry == 0,
            u"%1 refused, %2 without retryAfterMs"_s.arg(answers.limited)
                .arg(answers.limitedWithoutRetry));
        ABUSE_BOUND(
            m_probe->slowestMs() < probeBoundMs, u"probe waited %1 ms"_s.arg(m_probe->slowestMs()));
    }

    /// 150 typing frames (under the refusals that close a connection).
    void typingIsRelayedOnlyAtItsRate()
    {
        auto typist = signedIn(m_server.port(), loopback(7, 4), u"alice"_s, u"alice-pw"_s);
        QVERIFY(typist);
        m_carol->messages().clear();
        for (int i = 0; i < 150; ++i)
            typist->send(TypingRequest { QString(), m_roomId, i % 2 == 0 });
        QVERIFY(barrier(*typist, u"typist-done"_s));
        QVERIFY(barrier(*m_carol, u"carol-after-typing"_s));
        const int relayed = int(m_carol->takeAll<TypingEvent>().size());
        figure("typing-flood", "relayed-of-150", relayed);
        QVERIFY(typist->isOpen());
        ABUSE_BOUND(relayed <= typingBurst + 2, u"%1 relayed"_s.arg(relayed));
    }

    /// 1000 typing frames that keep coming after the refusals.
    void connectionIgnoringRefusalsIsClosed1008()
    {
        auto typist = signedIn(m_server.port(), loopback(7, 5), u"alice"_s, u"alice-pw"_s);
        QVERIFY(typist);
        typist->setKeepMessages(false);
        for (int i = 0; i < 1000; ++i)
            typist->send(TypingRequest { QString(), m_roomId, true });
        typist->waitForEnd(5000);
        figure("ignores-refusals", "close-code", typist->closeCode());
        figure("ignores-refusals", "open-after-5s", typist->ended() ? 0 : 1);
        ABUSE_BOUND(typist->closeCode() == closecode::policyViolation,
            u"close code %1"_s.arg(typist->closeCode()));
        QVERIFY(m_carol->isOpen());
    }

    /// 2000 conversations.list, each a query in the hub.
    void hubFloodDoesNotStarveOthers()
    {
        auto flooder = signedIn(m_server.port(), loopback(7, 6), u"carol"_s, u"carol-pw"_s);
        QVERIFY(flooder);
        for (int i = 0; i < 2000; ++i)
            flooder->send(ConversationsList { u"f%1"_s.arg(i) });
        settle([&] { return flooder->ended() || tally(*flooder, u"f"_s).total() >= 2000; }, 60000);
        const Answers answers = tally(*flooder, u"f"_s);
        figure("list-flood", "answered-of-2000", answers.acks);
        figure("list-flood", "rate-limited", answers.limited);
        figure("list-flood", "probe-slowest-ms", m_probe->slowestMs());
        ABUSE_BOUND(answers.limited > 0, u"all %1 answered"_s.arg(answers.acks));
        ABUSE_BOUND(
            m_probe->slowestMs() < probeBoundMs, u"probe waited %1 ms"_s.arg(m_probe->slowestMs()));
    }

    /// 300 messages into one AI chat in a burst (last: the replies it starts keep running).
    void aiChatFloodIsRefusedPastTheBurst()
    {
        auto flooder = signedIn(m_server.port(), loopback(7, 7), u"dave"_s, u"dave-pw"_s);
        QVERIFY(flooder);
        const auto chat = create(*flooder, createRequest(u"chat"_s, u"ai flood"_s));
        QVERIFY(chat);
        PeakResident memory(m_server.pid());
        for (int i = 0; i < 300; ++i)
            flooder->send(
                MessageSend { u"a%1"_s.arg(i), chat->convId, u"ca-%1"_s.arg(i), u"hi"_s });
        settle([&] { return flooder->ended() || tally(*flooder, u"a"_s).total() >= 300; }, 60000);
        QTest::qWait(1000); // the replies it started get going
        const Answers answers = tally(*flooder, u"a"_s);
        const int started = int(flooder->takeAll<GenerationStart>().size());
        figure("ai-chat-flood", "acks-of-300", answers.acks);
        figure("ai-chat-flood", "replies-started", started);
        figure("ai-chat-flood", "rss-growth-mib", memory.growthMiB());
        figure("ai-chat-flood", "probe-slowest-ms", m_probe->slowestMs());
        ABUSE_BOUND(answers.acks <= messagesBurst + 5, u"%1 acks"_s.arg(answers.acks));
        ABUSE_BOUND(
            m_probe->slowestMs() < probeBoundMs, u"probe waited %1 ms"_s.arg(m_probe->slowestMs()));
    }

private:
    AbuseServer m_server;
    std::unique_ptr<Probe> m_probe;
    std::unique_ptr<AbuseSocket> m_alice;
    std::unique_ptr<AbuseSocket> m_carol;
    QString m_roomId;
};

QTEST_GUILESS_MAIN(TestAbuseRequests)
#include "tst_abuse_requests.moc"
