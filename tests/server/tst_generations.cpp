#include "ai/demomodel.h"
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

TestServer::Options slowDemo()
{
    TestServer::Options options;
    options.demoTokensPerSecond = 50; // about two seconds per reply: time to stop and resume
    return options;
}

int demoReplyDeltas(const QString& userText)
{
    server::CompletionRequest request;
    request.turns.append({ server::PromptTurn::Role::User, userText });
    return int(server::DemoModel::splitIntoDeltas(server::DemoModel::replyFor(request)).size());
}
} // namespace

/// A running reply: stop, resume, sync's live list, and that a disconnect does not stop it.
class TestGenerations : public QObject
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

    void stopMidStream()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Stop me"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QVERIFY(m_alice->waitFor<GenerationDelta>());

        m_alice->send(GenerationStop { u"stop"_s, start->genId });
        const auto ok = m_alice->waitFor<Ok>();
        QVERIFY(ok);
        QCOMPARE(ok->id, u"stop"_s);
        const auto end = m_alice->waitFor<GenerationEnd>();
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stopped);
        QCOMPARE(end->message.status, MessageStatus::Stopped);
        QVERIFY(!end->message.text.isEmpty());

        // The partial text is kept: some of the reply, not all of it.
        server::CompletionRequest request;
        request.turns.append({ server::PromptTurn::Role::User, u"Stop me"_s });
        const QString full = server::DemoModel::replyFor(request);
        QVERIFY(full.startsWith(end->message.text));
        QVERIFY(end->message.text.size() < full.size());
        m_alice->send(HistoryRequest { u"h"_s, m_convId, std::nullopt, 50 });
        const auto history = m_alice->waitFor<HistoryReply>();
        QVERIFY(history);
        const auto* stored = std::get_if<GenerationEnd>(&history->events.last());
        QVERIFY(stored);
        QCOMPARE(stored->finish, FinishReason::Stopped);
        QCOMPARE(stored->message.text, end->message.text);

        // Stopping it again is fine and changes nothing.
        m_alice->send(GenerationStop { u"again"_s, start->genId });
        QCOMPARE(m_alice->waitFor<Ok>()->id, u"again"_s);
        QVERIFY(!m_alice->waitFor<GenerationEnd>(300));
        m_alice->send(HistoryRequest { u"h2"_s, m_convId, std::nullopt, 50 });
        const auto after = m_alice->waitFor<HistoryReply>();
        QVERIFY(after);
        QCOMPARE(after->events.size(), history->events.size());
    }

    void deltasMatchEndAfterStop()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Count"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->queue().size() >= 5, 5000);
        m_alice->send(GenerationStop { u"stop"_s, start->genId });
        const auto end = m_alice->waitFor<GenerationEnd>();
        QVERIFY(end);
        QString text;
        qint64 expected = 1;
        while (const auto delta = m_alice->waitFor<GenerationDelta>(0)) {
            QCOMPARE(delta->deltaSeq, expected++);
            text += delta->text;
        }
        QCOMPARE(end->message.text, text);
        QVERIFY(expected - 1 < demoReplyDeltas(u"Count"_s));
    }

    void stopUnknownOrForeign()
    {
        m_alice->send(GenerationStop { u"s"_s, newUuid() });
        QCOMPARE(m_alice->waitFor<Error>()->code, ErrorCode::NotFound);

        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Mine"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        WsTestClient bob;
        QVERIFY(bob.open(m_server.url()));
        QVERIFY(bob.login(u"bob"_s, u"b"_s));
        bob.send(GenerationStop { u"s"_s, start->genId });
        QCOMPARE(bob.waitFor<Error>()->code, ErrorCode::NotFound);
        bob.send(GenerationResume { u"r"_s, start->genId, 0 });
        QCOMPARE(bob.waitFor<Error>()->code, ErrorCode::NotFound);
        m_alice->send(GenerationStop { u"s"_s, start->genId });
        QVERIFY(m_alice->waitFor<Ok>());
    }

    void syncShowsLiveAndResumeFillsGaps()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Resume me"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QVERIFY(m_alice->waitFor<GenerationDelta>());
        QVERIFY(m_alice->waitFor<GenerationDelta>());

        // A second connection that missed the start.
        WsTestClient late;
        QVERIFY(late.open(m_server.url()));
        QVERIFY(late.login(u"alice"_s, u"a"_s));
        late.send(SyncRequest { u"sync"_s, m_convId, 0 });
        const auto sync = late.waitFor<SyncReply>();
        QVERIFY(sync);
        QCOMPARE(sync->events.size(), 2); // message + generation.start
        QCOMPARE(sync->live.size(), 1);
        const LiveGeneration live = sync->live.first();
        QCOMPARE(live.genId, start->genId);
        QCOMPARE(live.msgId, start->msgId);
        QVERIFY(live.deltaSeq >= 2);
        QVERIFY(!live.text.isEmpty());

        late.send(GenerationResume { u"r"_s, start->genId, 1 });
        const auto resumed = late.waitFor<Resumed>();
        QVERIFY(resumed);
        QCOMPARE(resumed->id, u"r"_s);
        QVERIFY(resumed->deltaSeq >= 2);
        // Everything from 2 up to resumed->deltaSeq came in order (live ones may follow too).
        QList<qint64> seqs;
        while (const auto delta = late.waitFor<GenerationDelta>(0))
            seqs.append(delta->deltaSeq);
        for (qint64 s = 2; s <= resumed->deltaSeq; ++s)
            QVERIFY2(seqs.contains(s), qPrintable(u"missing delta %1"_s.arg(s)));
        QVERIFY(!seqs.contains(1));

        // Once it has ended, resume answers with the text and the end again.
        const auto end = m_alice->waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        late.send(GenerationResume { u"r2"_s, start->genId, 0 });
        const auto snapshot = late.waitFor<GenerationSnapshot>();
        QVERIFY(snapshot);
        QCOMPARE(snapshot->id, u"r2"_s);
        QCOMPARE(snapshot->text, end->message.text);
        QVERIFY(late.waitFor<GenerationEnd>()); // the live one
        const auto again = late.waitFor<GenerationEnd>();
        QVERIFY(again);
        QCOMPARE(*again, *end);
    }

    void disconnectDoesNotStop()
    {
        m_alice->send(MessageSend { QString(), m_convId, newUuid(), u"Keep going"_s });
        const auto start = m_alice->waitFor<GenerationStart>();
        QVERIFY(start);
        QVERIFY(m_alice->waitFor<GenerationDelta>());
        m_alice->close();
        QVERIFY(m_alice->waitForDisconnected());

        WsTestClient again;
        QVERIFY(again.open(m_server.url()));
        QVERIFY(again.login(u"alice"_s, u"a"_s));
        const auto end = again.waitFor<GenerationEnd>(10000);
        QVERIFY(end);
        QCOMPARE(end->genId, start->genId);
        QCOMPARE(end->finish, FinishReason::Stop);
        server::CompletionRequest request;
        request.turns.append({ server::PromptTurn::Role::User, u"Keep going"_s });
        QCOMPARE(end->message.text, server::DemoModel::replyFor(request));
    }

private:
    TestServer m_server { slowDemo() };
    std::unique_ptr<WsTestClient> m_alice;
    QString m_convId;
};

QTEST_GUILESS_MAIN(TestGenerations)
#include "tst_generations.moc"
