#include "ai/demomodel.h"
#include "serverbinary.h"
#include "wstestclient.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QString serverBinary()
{
    return QDir(QStringLiteral(PALAVER_BIN_DIR)).filePath(u"palaver-server"_s);
}

QString demoReply(const QString& userText)
{
    server::CompletionRequest request;
    request.turns.append({ server::PromptTurn::Role::User, userText });
    return server::DemoModel::replyFor(request);
}

/// Logs in as alice, creates a conversation and sends `text`; the reply's generation.start.
std::optional<GenerationStart> startReply(
    WsTestClient& client, const QUrl& url, const QString& text)
{
    if (!client.open(url) || !client.login(u"alice"_s, u"a"_s))
        return std::nullopt;
    client.send(ConversationCreate { u"c"_s, std::nullopt, std::nullopt, std::nullopt });
    const auto created = client.waitFor<ConversationReply>();
    if (!created)
        return std::nullopt;
    client.send(MessageSend { QString(), created->conversation.convId,
        QUuid::createUuid().toString(QUuid::WithoutBraces), text });
    return client.waitFor<GenerationStart>();
}

/// The stored generation.end of `genId`, read back through a fresh connection.
std::optional<GenerationEnd> storedEnd(const QUrl& url, const GenerationStart& start)
{
    WsTestClient client;
    if (!client.open(url) || !client.login(u"alice"_s, u"a"_s))
        return std::nullopt;
    client.send(HistoryRequest { u"h"_s, start.convId, std::nullopt, 50 });
    const auto history = client.waitFor<HistoryReply>();
    if (!history)
        return std::nullopt;
    for (const Event& event : history->events) {
        if (const auto* end = std::get_if<GenerationEnd>(&event); end && end->genId == start.genId)
            return *end;
    }
    return std::nullopt;
}
} // namespace

/// The real binary on SIGTERM: it stops accepting at once, closes clients with 1001, lets a
/// running reply finish within --shutdown-grace-ms or ends it interrupted with its text, and
/// exits 0. After a kill -9, the reply is interrupted with the text saved so far, and
/// generation.continue completes it.
class TestShutdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(QFile::exists(serverBinary())); }

    void replyFinishesWithinTheGrace()
    {
        QTemporaryDir dir;
        ServerBinary server(serverBinary(), dir.path());
        QVERIFY2(server.addUser(u"alice"_s, u"a"_s), qPrintable(server.errorString()));
        // About four seconds for the whole reply: the signal lands while it streams.
        QVERIFY2(server.start({ u"--demo-tokens-per-second"_s, u"40"_s, u"--shutdown-grace-ms"_s,
                     u"30000"_s }),
            qPrintable(server.errorString()));
        WsTestClient client;
        const auto start = startReply(client, server.url(), u"Finish me"_s);
        QVERIFY(start);
        QVERIFY(client.waitFor<GenerationDelta>());

        server.terminate();
        QVERIFY(client.waitForDisconnected(5000));
        QCOMPARE(client.closeCode(), closecode::goingAway);
        // The port refuses new connections while the reply still runs.
        QTcpSocket probe;
        probe.connectToHost(u"127.0.0.1"_s, server.port());
        QVERIFY(!probe.waitForConnected(3000));
        QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
        QCOMPARE(server.process().state(), QProcess::Running);

        QVERIFY(server.waitForExit(20000));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);

        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const auto end = storedEnd(server.url(), *start);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Stop);
        QCOMPARE(end->message.status, MessageStatus::Complete);
        QCOMPARE(end->message.text, demoReply(u"Finish me"_s));
    }

    void replyBeyondTheGraceIsInterrupted()
    {
        QTemporaryDir dir;
        ServerBinary server(serverBinary(), dir.path());
        QVERIFY2(server.addUser(u"alice"_s, u"a"_s), qPrintable(server.errorString()));
        // About fifteen seconds for the whole reply, far beyond the grace.
        QVERIFY2(server.start({ u"--demo-tokens-per-second"_s, u"10"_s, u"--shutdown-grace-ms"_s,
                     u"300"_s }),
            qPrintable(server.errorString()));
        WsTestClient client;
        const auto start = startReply(client, server.url(), u"Cut me"_s);
        QVERIFY(start);
        QVERIFY(client.waitFor<GenerationDelta>());

        server.terminate();
        QVERIFY(client.waitForDisconnected(5000));
        QCOMPARE(client.closeCode(), closecode::goingAway);
        QVERIFY(server.waitForExit(5000));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);

        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const auto end = storedEnd(server.url(), *start);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QCOMPARE(end->message.status, MessageStatus::Interrupted);
        const QString full = demoReply(u"Cut me"_s);
        QVERIFY(!end->message.text.isEmpty());
        QVERIFY(end->message.text.size() < full.size());
        QVERIFY(full.startsWith(end->message.text));
    }

    void crashedReplyIsInterruptedAndContinues()
    {
        QTemporaryDir dir;
        ServerBinary server(serverBinary(), dir.path());
        QVERIFY2(server.addUser(u"alice"_s, u"a"_s), qPrintable(server.errorString()));
        QVERIFY2(server.start({ u"--demo-tokens-per-second"_s, u"20"_s }),
            qPrintable(server.errorString()));
        WsTestClient client;
        const auto start = startReply(client, server.url(), u"Crash me"_s);
        QVERIFY(start);
        // 30 deltas at 20 per second take 1.5 s: the partial text was saved (every second) by
        // then.
        QDeadlineTimer deadline(10000);
        qint64 seen = 0;
        while (seen < 30 && !deadline.hasExpired()) {
            if (const auto delta = client.waitFor<GenerationDelta>(1000))
                seen = delta->deltaSeq;
        }
        QCOMPARE(seen, 30);

        server.kill();
        QVERIFY(server.waitForExit());
        QCOMPARE(server.process().exitStatus(), QProcess::CrashExit);

        // A fast demo model now, so the continuation is quick.
        QVERIFY2(server.start({ u"--demo-tokens-per-second"_s, u"1000"_s }),
            qPrintable(server.errorString()));
        WsTestClient again;
        QVERIFY(again.open(server.url()));
        QVERIFY(again.login(u"alice"_s, u"a"_s));
        again.send(SyncRequest { u"s"_s, start->convId, 0 });
        const auto sync = again.waitFor<SyncReply>();
        QVERIFY(sync);
        QVERIFY(sync->live.isEmpty());
        QCOMPARE(sync->events.size(), 3); // message, generation.start, generation.end
        const auto* end = std::get_if<GenerationEnd>(&sync->events.last());
        QVERIFY(end);
        QCOMPARE(end->genId, start->genId);
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QCOMPARE(end->message.status, MessageStatus::Interrupted);
        const QString saved = end->message.text;
        const QString full = demoReply(u"Crash me"_s);
        QVERIFY(!saved.isEmpty());
        QVERIFY(saved.size() < full.size());
        QVERIFY(full.startsWith(saved));

        again.send(GenerationContinue { u"go"_s, start->genId });
        QCOMPARE(again.waitFor<Ok>()->id, u"go"_s);
        const auto next = again.waitFor<GenerationStart>();
        QVERIFY(next);
        QVERIFY(next->genId != start->genId);
        const auto finished = again.waitFor<GenerationEnd>(10000);
        QVERIFY(finished);
        QCOMPARE(finished->genId, next->genId);
        QCOMPARE(finished->finish, FinishReason::Stop);
        QCOMPARE(saved + finished->message.text, full);
    }
};

QTEST_GUILESS_MAIN(TestShutdown)
#include "tst_shutdown.moc"
