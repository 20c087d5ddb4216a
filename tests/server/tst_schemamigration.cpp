#include "store/chatstore.h"
#include "store/database.h"
#include "store/revocationlog.h"
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

/// The schema as version `version` of palaver-server wrote it (1 and 2 before rooms, 3 with rooms
/// before invited_by and leave blocks), with one user, two private conversations (one with a
/// message and a reply) and, for version 3, a room with a second user.
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
        const QString users = version >= 3
            ? u"CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
              "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, "
              "disabled INTEGER NOT NULL DEFAULT 0, last_seen INTEGER)"_s
            : version == 2 ? u"CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                             "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, "
                             "disabled INTEGER NOT NULL DEFAULT 0)"_s
                           : u"CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                             "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL)"_s;
        QStringList statements {
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
        };
        if (version >= 3) {
            statements << u"CREATE TABLE members (conv_id TEXT NOT NULL, user_id TEXT NOT NULL, "
                          "role TEXT NOT NULL, joined_at INTEGER NOT NULL, "
                          "last_read_seq INTEGER NOT NULL DEFAULT 0, "
                          "PRIMARY KEY (conv_id, user_id))"_s
                       << u"CREATE INDEX members_user ON members(user_id)"_s
                       << u"INSERT INTO users (id, name, password_hash, created_at) VALUES "
                          "('u2', 'pavel', 'x', 0)"_s
                       << u"INSERT INTO conversations VALUES "
                          "('r1', 'u1', 'Room', 'room', 'demo', '', 0, 3000)"_s
                       << u"INSERT INTO members VALUES ('c1', 'u1', 'owner', 2000, 2), "
                          "('c2', 'u1', 'owner', 1000, 0), ('r1', 'u1', 'owner', 3000, 0), "
                          "('r1', 'u2', 'member', 3000, 0)"_s;
        }
        statements << u"PRAGMA user_version = %1"_s.arg(version);
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

/// The named indexes on `members`.
QStringList indexes(Database& db)
{
    QStringList names;
    QSqlQuery q(db.connection());
    if (!q.exec(u"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' "
                "AND sql IS NOT NULL ORDER BY name"_s))
        return { q.lastError().text() };
    while (q.next())
        names.append(q.value(0).toString());
    return names;
}

/// Runs `statements` on today's store to make an older one of it: the first failure's error, or
/// nothing.
QString runAll(Database& db, const QStringList& statements)
{
    for (const QString& statement : statements) {
        if (!db.exec(statement))
            return statement + u": "_s + db.errorString();
    }
    return QString();
}

int userVersion(Database& db)
{
    QSqlQuery q(db.connection());
    return q.exec(u"PRAGMA user_version"_s) && q.next() ? q.value(0).toInt() : -1;
}

} // namespace

/// Opening a store of an older schema brings it to version 4 (members, read markers, last seen;
/// invited_by, leave blocks, sign-in failures) without losing anything; a newer one is refused.
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
            QCOMPARE(userVersion(db), 7);
            ChatStore chats(db);
            // Every conversation is its owner's, who owns it as its one member and has read it.
            const QList<Conversation> list = chats.conversations(u"u1"_s);
            QCOMPARE(list.size(), 2);
            QCOMPARE(list.first().convId, u"c1"_s); // in id order
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

    void migratesRoomsToVersion4()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(Database::fileName());
        QString error;
        QVERIFY2(writeOldStore(path, 3, &error), qPrintable(error));

        for (int open = 0; open < 2; ++open) {
            Database db;
            QVERIFY2(db.open(path), qPrintable(db.errorString()));
            QCOMPARE(userVersion(db), 7);
            QCOMPARE(indexes(db), (QStringList { u"members_user_conv"_s }));
            ChatStore chats(db);
            // Members from before version 4 were added by nobody the store knows of.
            QCOMPARE(chats.members().inviter(u"r1"_s, u"u2"_s), QString());
            const QList<Conversation> list = chats.conversations(u"u1"_s);
            QCOMPARE(list.size(), 3);
            QCOMPARE(list.at(2).convId, u"r1"_s); // in id order
            QCOMPARE(list.at(2).kind, ConversationKind::Room);
            QCOMPARE(list.at(2).members.size(), open == 0 ? 2 : 1); // pavel leaves below
            const MemberCounts counts = chats.members().counts(u"u1"_s);
            QCOMPARE(counts.aiChats, 2);
            QCOMPARE(counts.rooms, 1);
            QCOMPARE(counts.ownedRooms, 1);
            // The new tables work: a leave is remembered, and so is a sign-in failure.
            if (open == 0) {
                QVERIFY(chats.leaveConversation(u"r1"_s, u"u2"_s, LeaveBlockTimes { 5000, 1000 }));
                QVERIFY(db.exec(u"INSERT INTO sign_in_failures VALUES ('u1', 3, 9000)"_s));
            }
            QVERIFY(chats.leaveBlocks().find(u"u2"_s, u"r1"_s, u"u1"_s, 1000));
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(u"SELECT failures, blocked_until FROM sign_in_failures"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), 3);
            QCOMPARE(q.value(1).toLongLong(), 9000);
            UserStore users(db);
            QVERIFY(users.checkPassword(u"olga"_s, u"pw"_s));
            QCOMPARE(chats.promptMessages(u"c1"_s, 200).size(), 2);
        }
    }

    void freshStoreIsVersion4()
    {
        QTemporaryDir dir;
        Database db;
        QVERIFY(db.open(QDir(dir.path()).filePath(Database::fileName())));
        QCOMPARE(userVersion(db), 7);
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(u"SELECT conv_id, user_id, role, joined_at, last_read_seq, invited_by "
                       "FROM members"_s));
        QVERIFY(q.exec(u"SELECT last_seen FROM users"_s));
        QVERIFY(q.exec(u"SELECT user_id, conv_id, inviter_id, until FROM leave_blocks"_s));
        QVERIFY(q.exec(u"SELECT user_id, failures, blocked_until FROM sign_in_failures"_s));
        QCOMPARE(indexes(db), (QStringList { u"members_user_conv"_s }));
    }

    /// Version 6 adds the revocation log and the triggers that write it: a version 5 store gets
    /// them, keeps its accounts and tokens, and logs a revocation from then on.
    void migratesVersion5ToTheRevocationLog()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(Database::fileName());
        QString token;
        {
            // A version 5 store: today's schema without what version 6 added.
            Database db;
            QVERIFY(db.open(path));
            UserStore users(db);
            QString error;
            QVERIFY2(users.addUser(u"olga"_s, u"pw"_s, &error, PasswordHash::Cost::minimum()),
                qPrintable(error));
            token = users.issueToken(users.findByName(u"olga"_s)->id);
            QCOMPARE(runAll(db,
                         { u"DROP TRIGGER tokens_deleted"_s, u"DROP TRIGGER tokens_changed"_s,
                             u"DROP TRIGGER users_disabled"_s, u"DROP TRIGGER users_removed"_s,
                             u"DROP TABLE revocations"_s, u"PRAGMA user_version = 5"_s }),
                QString());
        }
        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        QCOMPARE(userVersion(db), 7);
        UserStore users(db);
        QVERIFY(users.userForToken(token)); // the old token still signs in
        RevocationLog log(db);
        QCOMPARE(log.latest(), std::optional<qint64>(0));
        QString error;
        QCOMPARE(users.revokeTokens(u"olga"_s, &error), 1);
        const auto entries = log.since(0);
        QVERIFY(entries);
        QCOMPARE(entries->userIds, QList<QString> { users.findByName(u"olga"_s)->id });
    }

    /// Version 7 drops conversations_owner (written by every stored message, read by nothing): a
    /// version 6 store loses the index and keeps its conversations and messages.
    void migratesVersion6WithoutConversationsOwner()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(Database::fileName());
        QString convId;
        {
            // A version 6 store: today's schema with the index version 7 dropped.
            Database db;
            QVERIFY(db.open(path));
            ChatStore chats(db);
            const auto conv = chats.createConversation(u"u1"_s, u"Chat"_s, u"demo"_s, QString());
            QVERIFY(conv);
            convId = conv->convId;
            QVERIFY(chats.addUserMessage(
                convId, Author { AuthorKind::User, u"u1"_s, u"olga"_s }, u"cm1"_s, u"hello"_s));
            QCOMPARE(
                runAll(db,
                    { u"CREATE INDEX conversations_owner ON conversations(owner_id, updated_at)"_s,
                        u"PRAGMA user_version = 6"_s }),
                QString());
        }
        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        QCOMPARE(userVersion(db), 7);
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(u"SELECT count(*) FROM sqlite_master WHERE name = 'conversations_owner'"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        q.finish();
        ChatStore chats(db);
        QVERIFY(chats.findClientMessage(u"u1"_s, u"cm1"_s)); // the stored message is kept
        const auto second = chats.addUserMessage(
            convId, Author { AuthorKind::User, u"u1"_s, u"olga"_s }, u"cm2"_s, u"again"_s);
        QVERIFY(second);
        QCOMPARE(second->seq, 2);
        QCOMPARE(chats.history(convId, std::nullopt, 10).events.size(), 2);
    }

    void newerStoreIsRefused()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(Database::fileName());
        QString error;
        QVERIFY2(writeOldStore(path, 8, &error), qPrintable(error));
        Database db;
        QVERIFY(!db.open(path));
        QVERIFY2(db.errorString().contains(u"newer"_s), qPrintable(db.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigration)
#include "tst_schemamigration.moc"
