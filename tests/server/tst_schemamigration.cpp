#include "store/chatstore.h"
#include "store/database.h"
#include "store/userstore.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {

/// The schema as version 2 of palaver-server wrote it (before rooms), with one user, two private
/// conversations (one with a message and a reply) and a user version of `version`.
bool writeOldStore(const QString& path, int version, QString* error)
{
    const QString name = u"old-store"_s;
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            *error = db.lastError().text();
            return false;
        }
        QSqlQuery q(db);
        const QString users = version >= 2
            ? u"CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
              "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, "
              "disabled INTEGER NOT NULL DEFAULT 0)"_s
            : u"CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
              "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)"_s;
        const QStringList statements {
            users,
            u"CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, "
            "expires_at INTEGER NOT NULL)"_s,
            u"CREATE TABLE conversations (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, "
            "title TEXT NOT NULL, kind TEXT NOT NULL, model TEXT NOT NULL, "
            "system_prompt TEXT NOT NULL, last_seq INTEGER NOT NULL, updated_at INTEGER NOT NULL)"_s,
            u"CREATE TABLE events (conv_id TEXT NOT NULL, seq INTEGER NOT NULL, "
            "type TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (conv_id, seq))"_s,
            u"CREATE TABLE messages (id TEXT PRIMARY KEY, conv_id TEXT NOT NULL, "
            "seq INTEGER NOT NULL, user_id TEXT, client_msg_id TEXT, author_kind TEXT NOT NULL, "
            "author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL, "
            "status TEXT NOT NULL, created_at INTEGER NOT NULL, gen_id TEXT, "
            "UNIQUE (user_id, client_msg_id))"_s,
            u"CREATE TABLE generations (id TEXT PRIMARY KEY, conv_id TEXT NOT NULL, "
            "msg_id TEXT NOT NULL, model TEXT NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL, "
            "delta_seq INTEGER NOT NULL, input_tokens INTEGER, output_tokens INTEGER, "
            "error_code TEXT, error_message TEXT, started_at INTEGER NOT NULL, ended_at INTEGER, "
            "end_seq INTEGER NOT NULL DEFAULT 0)"_s,
            u"INSERT INTO users (id, name, password_hash, created_at) VALUES "
            "('u1', 'olga', '%1', 0)"_s.arg(
                PasswordHash::hash(u"pw"_s, PasswordHash::Cost::minimum())),
            u"INSERT INTO conversations VALUES ('c1', 'u1', 'Old chat', 'ai', 'demo', '', 2, 2000)"_s,
            u"INSERT INTO conversations VALUES ('c2', 'u1', 'Empty', 'ai', 'demo', '', 0, 1000)"_s,
            u"INSERT INTO messages VALUES ('m1', 'c1', 1, 'u1', 'cm1', 'user', 'u1', 'olga', "
            "'hello', 'complete', 1500, NULL)"_s,
            u"INSERT INTO messages VALUES ('m2', 'c1', 2, NULL, NULL, 'assistant', 'demo', 'Demo', "
            "'hi there', 'complete', 1600, 'g1')"_s,
            u"PRAGMA user_version = %1"_s.arg(version),
        };
        for (const QString& statement : statements) {
            if (!q.exec(statement)) {
                *error = statement + u": "_s + q.lastError().text();
                ok = false;
                break;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

int userVersion(Database& db)
{
    QSqlQuery q(db.connection());
    return q.exec(u"PRAGMA user_version"_s) && q.next() ? q.value(0).toInt() : -1;
}

} // namespace

/// Opening a store of an older schema brings it to version 3 (members, read markers, last seen)
/// without losing anything; a newer one is refused.
class TestSchemaMigration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void migratesToMembers_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("v1") << 1;
        QTest::newRow("v2") << 2;
    }

    void migratesToMembers()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(Database::fileName());
        QString error;
        QVERIFY2(writeOldStore(path, version, &error), qPrintable(error));

        for (int open = 0; open < 2; ++open) { // the second time there is nothing to migrate
            Database db;
            QVERIFY2(db.open(path), qPrintable(db.errorString()));
            QCOMPARE(userVersion(db), 3);
            ChatStore chats(db);
            // Every conversation is its owner's, who owns it as its one member and has read it.
            const QList<Conversation> list = chats.conversations(u"u1"_s);
            QCOMPARE(list.size(), 2);
            QCOMPARE(list.first().convId, u"c1"_s); // newest first, as before
            for (const Conversation& c : list) {
                QCOMPARE(c.kind, ConversationKind::Ai);
                QCOMPARE(c.role, MemberRole::Owner);
                QCOMPARE(c.lastReadSeq, c.lastSeq);
                QCOMPARE(c.unread, 0);
                QVERIFY(c.members.isEmpty());
            }
            const std::optional<Roster> roster = chats.members().roster(u"c1"_s);
            QVERIFY(roster);
            QCOMPARE(roster->members.size(), 1);
            QCOMPARE(roster->members.first().id, u"u1"_s);
            QCOMPARE(roster->members.first().role, MemberRole::Owner);
            // The new column is there (never seen yet) and keeps what is written to it.
            const QDateTime seen = QDateTime::fromMSecsSinceEpoch(123456789, QTimeZone::utc());
            if (open == 0) {
                QVERIFY(!roster->members.first().lastSeen.isValid());
                QVERIFY(chats.members().setLastSeen(u"u1"_s, seen));
            } else {
                QCOMPARE(roster->members.first().lastSeen, seen);
            }
            // The rest of the store is untouched.
            UserStore users(db);
            QVERIFY(users.checkPassword(u"olga"_s, u"pw"_s));
            QCOMPARE(chats.promptMessages(u"c1"_s, 200).size(), 2);
            QCOMPARE(chats.promptMessages(u"c1"_s, 200).first().author.name, u"olga"_s);
        }
    }

    void freshStoreIsVersion3()
    {
        QTemporaryDir dir;
        Database db;
        QVERIFY(db.open(QDir(dir.path()).filePath(Database::fileName())));
        QCOMPARE(userVersion(db), 3);
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(u"SELECT conv_id, user_id, role, joined_at, last_read_seq FROM members"_s));
        QVERIFY(q.exec(u"SELECT last_seen FROM users"_s));
    }

    void newerStoreIsRefused()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(Database::fileName());
        QString error;
        QVERIFY2(writeOldStore(path, 4, &error), qPrintable(error));
        Database db;
        QVERIFY(!db.open(path));
        QVERIFY2(db.errorString().contains(u"newer"_s), qPrintable(db.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigration)
#include "tst_schemamigration.moc"
