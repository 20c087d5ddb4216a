#include "store/chatstore.h"
#include "store/database.h"
#include "store/userstore.h"

#include <QDir>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// The SQLite store on its own: accounts and tokens, the gap-free seq, deduplication and the
/// generation life cycle.
class TestStores : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_db = std::make_unique<Database>();
        QVERIFY2(m_db->open(QDir(m_dir->path()).filePath(Database::fileName())),
            qPrintable(m_db->errorString()));
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void walMode()
    {
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"wal"_s);
    }

    void usersAndTokens()
    {
        UserStore users(*m_db);
        QString error;
        const auto alice
            = users.addUser(u"alice"_s, u"pw"_s, &error, PasswordHash::Cost::minimum());
        QVERIFY(alice);
        QVERIFY(!users.addUser(u"alice"_s, u"other"_s, &error, PasswordHash::Cost::minimum()));
        QVERIFY(error.contains(u"exists"_s));
        QVERIFY(!users.addUser(u" bob"_s, u"pw"_s, &error, PasswordHash::Cost::minimum()));
        QVERIFY(!users.addUser(u"bob"_s, QString(), &error, PasswordHash::Cost::minimum()));

        QCOMPARE(users.checkPassword(u"alice"_s, u"pw"_s)->id, alice->id);
        QVERIFY(!users.checkPassword(u"alice"_s, u"PW"_s));
        QVERIFY(!users.checkPassword(u"nobody"_s, u"pw"_s));

        const QString token = users.issueToken(alice->id);
        QVERIFY(!token.isEmpty());
        QCOMPARE(users.userForToken(token)->name, u"alice"_s);
        QVERIFY(!users.userForToken(token + u"x"_s));
        const QString expired = users.issueToken(alice->id, -1);
        QVERIFY(!users.userForToken(expired));

        // Only the token's hash is stored.
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(u"SELECT token_hash FROM tokens"_s));
        while (q.next())
            QVERIFY(q.value(0).toString() != token);

        QVERIFY(users.removeUser(u"alice"_s, &error));
        QVERIFY(!users.userForToken(token));
        QVERIFY(users.users().isEmpty());
        QVERIFY(!users.removeUser(u"alice"_s, &error));
    }

    void disableResetAndRevoke()
    {
        UserStore users(*m_db);
        QString error;
        const auto alice
            = users.addUser(u"alice"_s, u"pw"_s, &error, PasswordHash::Cost::minimum());
        QVERIFY(alice);
        QVERIFY(!alice->disabled);
        const QString first = users.issueToken(alice->id);
        const QString second = users.issueToken(alice->id);
        QCOMPARE(users.tokens(u"alice"_s, &error)->size(), 2);

        QVERIFY(users.setDisabled(u"alice"_s, true, &error));
        QVERIFY(users.findByName(u"alice"_s)->disabled);
        QVERIFY(users.users().first().disabled);
        QVERIFY(!users.userForToken(first));
        QVERIFY(users.setDisabled(u"alice"_s, false, &error));
        QVERIFY(!users.findByName(u"alice"_s)->disabled);
        QVERIFY(!users.userForToken(second)); // disabling revoked them for good

        const QString third = users.issueToken(alice->id);
        QCOMPARE(users.revokeTokens(u"alice"_s, &error), 1);
        QVERIFY(!users.userForToken(third));
        QCOMPARE(users.revokeTokens(u"nobody"_s, &error), -1);

        const QString fourth = users.issueToken(alice->id);
        QVERIFY(users.resetPassword(u"alice"_s, u"new"_s, &error, PasswordHash::Cost::minimum()));
        QVERIFY(!users.userForToken(fourth));
        QVERIFY(!users.checkPassword(u"alice"_s, u"pw"_s));
        QVERIFY(users.checkPassword(u"alice"_s, u"new"_s));
        QVERIFY(!users.setDisabled(u"nobody"_s, true, &error));
        QVERIFY(error.contains(u"nobody"_s));
    }

    // A store written before accounts could be disabled gains the column and keeps its users.
    void migratesSchemaVersion1()
    {
        m_db.reset();
        const QString path = QDir(m_dir->path()).filePath(u"old.sqlite"_s);
        {
            QSqlDatabase old = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"old"_s);
            old.setDatabaseName(path);
            QVERIFY(old.open());
            QSqlQuery q(old);
            QVERIFY(q.exec(u"CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                           "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)"_s));
            QVERIFY(q.exec(u"INSERT INTO users VALUES ('u1', 'olga', '%1', 0)"_s.arg(
                PasswordHash::hashPbkdf2(u"pw"_s, 1000))));
            QVERIFY(q.exec(u"PRAGMA user_version = 1"_s));
            old.close();
        }
        QSqlDatabase::removeDatabase(u"old"_s);
        m_db = std::make_unique<Database>();
        QVERIFY2(m_db->open(path), qPrintable(m_db->errorString()));
        UserStore users(*m_db);
        const auto olga = users.checkPassword(u"olga"_s, u"pw"_s);
        QVERIFY(olga);
        QVERIFY(!olga->disabled);
        QString error;
        QVERIFY(users.setDisabled(u"olga"_s, true, &error));
        QVERIFY(users.findByName(u"olga"_s)->disabled);
    }

    void seqIsGapFreeAndDedupHolds()
    {
        ChatStore chats(*m_db);
        const Author alice { AuthorKind::User, u"u1"_s, u"alice"_s };
        const auto conv = chats.createConversation(u"u1"_s, u"t"_s, u"m"_s, QString());
        QVERIFY(conv);
        QVERIFY(!chats.conversation(conv->convId, u"u2"_s));

        const auto first = chats.addUserMessage(conv->convId, alice, u"c1"_s, u"one"_s);
        QVERIFY(first);
        QCOMPARE(first->seq, 1);
        QCOMPARE(chats.findClientMessage(u"u1"_s, u"c1"_s)->msgId, first->message.msgId);
        QVERIFY(!chats.findClientMessage(u"u2"_s, u"c1"_s));
        // The UNIQUE constraint refuses a second row, and the failed write leaves no seq gap.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"UNIQUE constraint failed"_s));
        QVERIFY(!chats.addUserMessage(conv->convId, alice, u"c1"_s, u"again"_s));

        const auto start = chats.startGeneration(
            conv->convId, Author { AuthorKind::Assistant, u"m"_s, u"Model"_s }, u"m"_s);
        QVERIFY(start);
        QCOMPARE(start->seq, 2);
        QCOMPARE(chats.unfinishedGenerations().size(), 1);
        QVERIFY(chats.savePartial(start->genId, u"par"_s, 2));
        QCOMPARE(chats.generation(start->genId)->text, u"par"_s);
        // A streaming reply is not part of the next prompt.
        QCOMPARE(chats.promptMessages(conv->convId, 200).size(), 1);

        const auto end = chats.endGeneration(
            start->genId, FinishReason::Length, u"partial"_s, 3, Usage { 5, 7 }, std::nullopt);
        QVERIFY(end);
        QCOMPARE(end->seq, 3);
        QCOMPARE(end->message.status, MessageStatus::Complete);
        QCOMPARE(end->usage, (Usage { 5, 7 }));
        QVERIFY(!chats.endGeneration(start->genId, FinishReason::Stop, u"x"_s, 4, {}, {}));
        QVERIFY(chats.unfinishedGenerations().isEmpty());
        QCOMPARE(chats.endEvent(*chats.generation(start->genId)), end);
        QCOMPARE(chats.promptMessages(conv->convId, 200).size(), 2);

        const auto next = chats.addUserMessage(conv->convId, alice, u"c2"_s, u"two"_s);
        QVERIFY(next);
        QCOMPARE(next->seq, 4);
        QCOMPARE(chats.conversation(conv->convId, u"u1"_s)->lastSeq, 4);

        const EventPage all = chats.eventsAfter(conv->convId, 0, 100);
        QCOMPARE(all.events.size(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(seqOf(all.events[i]), i + 1);

        QVERIFY(chats.deleteConversation(conv->convId));
        QVERIFY(!chats.conversation(conv->convId, u"u1"_s));
        QVERIFY(chats.eventsAfter(conv->convId, 0, 100).events.isEmpty());
        QVERIFY(!chats.generation(start->genId));
    }

    void pagesStopAtByteBudget()
    {
        ChatStore chats(*m_db);
        const Author alice { AuthorKind::User, u"u1"_s, u"alice"_s };
        const auto conv = chats.createConversation(u"u1"_s, u"t"_s, u"m"_s, QString());
        QVERIFY(conv);
        const QString mib(1024 * 1024, u'x');
        for (int i = 0; i < 3; ++i)
            QVERIFY(chats.addUserMessage(conv->convId, alice, u"big%1"_s.arg(i), mib));
        const EventPage page = chats.eventsAfter(conv->convId, 0, 100);
        QCOMPARE(page.events.size(), 2);
        QVERIFY(page.hasMore);
        const EventPage rest = chats.eventsAfter(conv->convId, 2, 100);
        QCOMPARE(rest.events.size(), 1);
        QVERIFY(!rest.hasMore);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestStores)
#include "tst_stores.moc"
