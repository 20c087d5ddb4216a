#include "store/chatstore.h"
#include "store/database.h"
#include "store/userstore.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// A reply left `streaming` by a crash becomes `interrupted` at the next start, its saved text
/// kept; and a clean shutdown interrupts running replies and closes clients with 1001.
class TestRecovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crashLeftoversBecomeInterrupted()
    {
        QTemporaryDir dir;
        QString convId;
        QString genId;
        {
            // What a crashed server leaves behind: a started reply with some saved text.
            server::Database db;
            QVERIFY(db.open(QDir(dir.path()).filePath(server::Database::fileName())));
            server::UserStore users(db);
            QString error;
            const auto user
                = users.addUser(u"alice"_s, u"a"_s, &error, server::PasswordHash::Cost::minimum());
            QVERIFY2(user, qPrintable(error));
            server::ChatStore chats(db);
            const auto conv = chats.createConversation(user->id, u"t"_s, u"demo"_s, QString());
            QVERIFY(conv);
            convId = conv->convId;
            QVERIFY(chats.addUserMessage(
                convId, Author { AuthorKind::User, user->id, user->name }, u"cm-1"_s, u"hi"_s));
            const auto start = chats.startGeneration(
                convId, Author { AuthorKind::Assistant, u"demo"_s, u"Demo"_s }, u"demo"_s);
            QVERIFY(start);
            genId = start->genId;
            QVERIFY(chats.savePartial(genId, u"Half a rep"_s, 3));
        }

        TestServer::Options options;
        options.dataDir = dir.path();
        TestServer server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        WsTestClient client;
        QVERIFY(client.open(server.url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        client.send(HistoryRequest { u"h"_s, convId, std::nullopt, 50 });
        const auto history = client.waitFor<HistoryReply>();
        QVERIFY(history);
        QCOMPARE(history->events.size(), 3);
        const auto* end = std::get_if<GenerationEnd>(&history->events.last());
        QVERIFY(end);
        QCOMPARE(end->genId, genId);
        QCOMPARE(end->seq, 3);
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QCOMPARE(end->message.status, MessageStatus::Interrupted);
        QCOMPARE(end->message.text, u"Half a rep"_s);

        client.send(GenerationResume { u"r"_s, genId, 0 });
        const auto snapshot = client.waitFor<GenerationSnapshot>();
        QVERIFY(snapshot);
        QCOMPARE(snapshot->text, u"Half a rep"_s);
        QCOMPARE(snapshot->deltaSeq, 3);
        QCOMPARE(*client.waitFor<GenerationEnd>(), *end);
    }

    void shutdownInterruptsAndCloses1001()
    {
        TestServer::Options options;
        options.demoTokensPerSecond = 20;
        TestServer server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.addUser(u"alice"_s, u"a"_s));
        WsTestClient client;
        QVERIFY(client.open(server.url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        client.send(ConversationCreate { u"c"_s, std::nullopt, std::nullopt, std::nullopt });
        const auto conv = client.waitFor<ConversationReply>();
        QVERIFY(conv);
        client.send(MessageSend { QString(), conv->conversation.convId, u"cm"_s, u"go"_s });
        QVERIFY(client.waitFor<GenerationDelta>());

        server.stop();
        QVERIFY(client.waitForDisconnected());
        QCOMPARE(client.closeCode(), closecode::goingAway);
        const auto end = client.waitFor<GenerationEnd>(0);
        QVERIFY(end);
        QCOMPARE(end->finish, FinishReason::Interrupted);
        QVERIFY(!end->message.text.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecovery)
#include "tst_recovery.moc"
