#include "ai/demomodel.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QDeadlineTimer>
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

/// The demo model's whole reply to one user message.
QString demoReply(const QString& userText)
{
    server::CompletionRequest request;
    request.turns.append({ server::PromptTurn::Role::User, userText });
    return server::DemoModel::replyFor(request);
}

/// The next message of type T about generation `genId` (others of that type are dropped).
template<class T>
std::optional<T> waitForGeneration(
    WsTestClient& client, const QString& genId, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<T> found = client.waitFor<T>(int(deadline.remainingTime()));
        if (found && found->genId == genId)
            return found;
    }
    return std::nullopt;
}
} // namespace

/// generation.continue and generation.retry over WebSocket: a continuation completes a stopped
/// reply, a retry answers the same question again, both reach every connection of the user, and
/// the conflict and not_found answers.
class TestContinueRetry : public QObject
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

    void continueAfterStopCompletesTheReply()
    {
        WsTestClient other; // the same user elsewhere: continuations fan out like any reply
        QVERIFY(other.open(m_server.url()));
        QVERIFY(other.login(u"alice"_s, u"a"_s));

        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Go on"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QVERIFY(m_alice->waitFor<GenerationDelta>());
        m_alice->send(GenerationStop { u"stop"_s, start->genId });
        QCOMPARE(m_alice->waitFor<Ok>()->id, u"stop"_s);
        const auto stopped = waitForGeneration<GenerationEnd>(*m_alice, start->genId);
        QVERIFY(stopped);
        QCOMPARE(stopped->finish, FinishReason::Stopped);
        const QString partial = stopped->message.text;
        const QString full = demoReply(u"Go on"_s);
        QVERIFY(!partial.isEmpty());
        QVERIFY(partial.size() < full.size());

        m_alice->send(GenerationContinue { u"cont"_s, start->genId });
        const auto ok = m_alice->waitFor<Ok>();
        QVERIFY(ok);
        QCOMPARE(ok->id, u"cont"_s);
        const auto next = m_alice->waitFor<GenerationStart>();
        QVERIFY(next);
        QCOMPARE(next->convId, m_convId);
        QVERIFY(next->genId != start->genId);
        QVERIFY(next->msgId != start->msgId);
        QVERIFY(next->seq > stopped->seq);
        const auto end = waitForGeneration<GenerationEnd>(*m_alice, next->genId);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.status, MessageStatus::Complete);
        QCOMPARE(partial + end->message.text, full);

        const auto elsewhere = waitForGeneration<GenerationEnd>(other, next->genId);
        QVERIFY(elsewhere);
        QCOMPARE(*elsewhere, *end);

        // The stopped reply itself is left as it was.
        m_alice->send(HistoryRequest { u"h"_s, m_convId, std::nullopt, 50 });
        const auto history = m_alice->waitFor<HistoryReply>();
        QVERIFY(history);
        QCOMPARE(history->events.size(), 5); // message, start, stopped end, start, end
        const auto* first = std::get_if<GenerationEnd>(&history->events.at(2));
        QVERIFY(first);
        QCOMPARE(first->message.text, partial);
        QCOMPARE(first->message.status, MessageStatus::Stopped);

        // Retrying the continuation answers the question afresh: the partial reply is not part
        // of a retry's prompt.
        m_alice->send(GenerationRetry { u"retry"_s, next->genId });
        QCOMPARE(m_alice->waitFor<Ok>()->id, u"retry"_s);
        const auto again = m_alice->waitFor<GenerationStart>();
        QVERIFY(again);
        const auto retried = waitForGeneration<GenerationEnd>(*m_alice, again->genId);
        QVERIFY(retried);
        QCOMPARE(retried->message.text, full);
    }

    void retryRepeatsTheReply()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Once more"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        const auto first = waitForGeneration<GenerationEnd>(*m_alice, start->genId);
        QVERIFY(first);
        QCOMPARE(first->finish, FinishReason::Stop);
        QCOMPARE(first->message.text, demoReply(u"Once more"_s));

        m_alice->send(GenerationRetry { u"r"_s, start->genId });
        QCOMPARE(m_alice->waitFor<Ok>()->id, u"r"_s);
        const auto next = m_alice->waitFor<GenerationStart>();
        QVERIFY(next);
        QVERIFY(next->genId != start->genId);
        const auto end = waitForGeneration<GenerationEnd>(*m_alice, next->genId);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.text, first->message.text);

        // A complete reply has nothing to continue.
        m_alice->send(GenerationContinue { u"c"_s, start->genId });
        const auto error = m_alice->waitFor<Error>();
        QVERIFY(error);
        QCOMPARE(error->id, u"c"_s);
        QCOMPARE(error->code, ErrorCode::Conflict);
        QVERIFY(!m_alice->waitFor<GenerationStart>(300));
    }

    void conflictWhileStreaming()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Busy"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        m_alice->send(GenerationContinue { u"c"_s, start->genId });
        const auto continued = m_alice->waitFor<Error>();
        QVERIFY(continued);
        QCOMPARE(continued->id, u"c"_s);
        QCOMPARE(continued->code, ErrorCode::Conflict);
        m_alice->send(GenerationRetry { u"r"_s, start->genId });
        const auto retried = m_alice->waitFor<Error>();
        QVERIFY(retried);
        QCOMPARE(retried->id, u"r"_s);
        QCOMPARE(retried->code, ErrorCode::Conflict);
        QVERIFY(!m_alice->waitFor<GenerationStart>(0));
        m_alice->send(GenerationStop { u"s"_s, start->genId });
        QVERIFY(waitForGeneration<GenerationEnd>(*m_alice, start->genId));
    }

    void notFoundForUnknownOrForeign()
    {
        m_alice->send(GenerationContinue { u"c"_s, newUuid() });
        QCOMPARE(m_alice->waitFor<Error>()->code, ErrorCode::NotFound);
        m_alice->send(GenerationRetry { u"r"_s, newUuid() });
        QCOMPARE(m_alice->waitFor<Error>()->code, ErrorCode::NotFound);

        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Mine"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        m_alice->send(GenerationStop { u"s"_s, start->genId });
        QVERIFY(waitForGeneration<GenerationEnd>(*m_alice, start->genId));

        WsTestClient bob;
        QVERIFY(bob.open(m_server.url()));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));
        bob.send(GenerationContinue { u"c"_s, start->genId });
        const auto continued = bob.waitFor<Error>();
        QVERIFY(continued);
        QCOMPARE(continued->id, u"c"_s);
        QCOMPARE(continued->code, ErrorCode::NotFound);
        bob.send(GenerationRetry { u"r"_s, start->genId });
        QCOMPARE(bob.waitFor<Error>()->code, ErrorCode::NotFound);
        QVERIFY(!bob.waitFor<GenerationStart>(300));
        QVERIFY(!m_alice->waitFor<GenerationStart>(0));
    }

private:
    TestServer m_server { [] {
        TestServer::Options options;
        options.demoTokensPerSecond = 100; // about 1.5 s per reply: time to stop it mid-way
        return options;
    }() };
    std::unique_ptr<WsTestClient> m_alice;
    QString m_convId;
};

QTEST_GUILESS_MAIN(TestContinueRetry)
#include "tst_continueretry.moc"
