#include "store/database.h"

#include "log/categories.h"
#include "log/logevent.h"
#include "metrics/metric.h"
#include "store/privatefiles.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

// 2: users.disabled. 3: members (rooms, DMs, read markers) and users.last_seen. 4: who added
// whom (members.invited_by), leave_blocks, members indexed by (user_id, conv_id) for paged lists,
// and sign_in_failures.
// 5: announcements. 6: revocations (a log the triggers below write, read by running servers).
// 7: no conversations_owner index (no query used it; every stored message rewrote its entry).
constexpr int schemaVersion = 7;

QAtomicInteger<quint64> connectionCounter;

/// SQL for the time now in ms since epoch (in triggers).
#define NOW_MS "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"

const char* const schema[] = {
    "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
    "password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, "
    "disabled INTEGER NOT NULL DEFAULT 0, last_seen INTEGER)",
    "CREATE TABLE IF NOT EXISTS tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, "
    "expires_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_id)",
    "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, "
    "title TEXT NOT NULL, kind TEXT NOT NULL, model TEXT NOT NULL, system_prompt TEXT NOT NULL, "
    "last_seq INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    // The stored events, encoded by the protocol codec: history and sync replay them verbatim.
    "CREATE TABLE IF NOT EXISTS events (conv_id TEXT NOT NULL, seq INTEGER NOT NULL, "
    "type TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (conv_id, seq))",
    // The current state of every message: prompt building and deduplication read it.
    "CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, conv_id TEXT NOT NULL, "
    "seq INTEGER NOT NULL, user_id TEXT, client_msg_id TEXT, author_kind TEXT NOT NULL, "
    "author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL, "
    "status TEXT NOT NULL, created_at INTEGER NOT NULL, gen_id TEXT, "
    "UNIQUE (user_id, client_msg_id))",
    "CREATE INDEX IF NOT EXISTS messages_conv ON messages(conv_id, seq)",
    "CREATE TABLE IF NOT EXISTS generations (id TEXT PRIMARY KEY, conv_id TEXT NOT NULL, "
    "msg_id TEXT NOT NULL, model TEXT NOT NULL, status TEXT NOT NULL, text TEXT NOT NULL, "
    "delta_seq INTEGER NOT NULL, input_tokens INTEGER, output_tokens INTEGER, "
    "error_code TEXT, error_message TEXT, started_at INTEGER NOT NULL, ended_at INTEGER, "
    "end_seq INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS generations_status ON generations(status)",
    // Who is in which conversation, in what role, and how far each of them has read. An `ai`
    // conversation has one row (its owner); joined_at (then rowid) orders the members by seniority.
    // invited_by: who added them (NULL for a conversation's creator and for members from before
    // version 4); leaving is remembered against that person (leave_blocks).
    "CREATE TABLE IF NOT EXISTS members (conv_id TEXT NOT NULL, user_id TEXT NOT NULL, "
    "role TEXT NOT NULL, joined_at INTEGER NOT NULL, last_read_seq INTEGER NOT NULL DEFAULT 0, "
    "invited_by TEXT, PRIMARY KEY (conv_id, user_id))",
    // A user's conversations in convId order: conversations.list pages along it.
    "CREATE INDEX IF NOT EXISTS members_user_conv ON members(user_id, conv_id)",
    // Someone who left a conversation cannot be added back to it, nor by whoever had added them
    // (inviter_id, NULL when nobody had) to any conversation, until `until` (ms since epoch).
    "CREATE TABLE IF NOT EXISTS leave_blocks (user_id TEXT NOT NULL, conv_id TEXT NOT NULL, "
    "inviter_id TEXT, until INTEGER NOT NULL, PRIMARY KEY (user_id, conv_id))",
    // Failed sign-ins per account and the back-off they earned (blocked_until: ms since epoch).
    // Foreign keys are not enforced in this store: deleting a user deletes their row explicitly.
    "CREATE TABLE IF NOT EXISTS sign_in_failures (user_id TEXT PRIMARY KEY, "
    "failures INTEGER NOT NULL, blocked_until INTEGER NOT NULL)",
    // The operator's notices (`palaver-server announce`); times in ms since epoch, expires_at
    // NULL: until withdrawn.
    "CREATE TABLE IF NOT EXISTS announcements (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "level TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER, "
    "withdrawn_at INTEGER)",
    // Accounts whose tokens stopped being valid (RevocationLog), whoever changed the store: a
    // running server reads the new rows every few seconds instead of re-checking every live
    // session's token. `at`: ms since epoch, so old rows can be pruned.
    "CREATE TABLE IF NOT EXISTS revocations (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "user_id TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS tokens_deleted AFTER DELETE ON tokens BEGIN "
    "INSERT INTO revocations (user_id, at) VALUES (OLD.user_id, " NOW_MS "); END",
    "CREATE TRIGGER IF NOT EXISTS tokens_changed AFTER UPDATE ON tokens BEGIN "
    "INSERT INTO revocations (user_id, at) VALUES (OLD.user_id, " NOW_MS "); END",
    "CREATE TRIGGER IF NOT EXISTS users_disabled AFTER UPDATE OF disabled ON users "
    "WHEN NEW.disabled <> 0 BEGIN "
    "INSERT INTO revocations (user_id, at) VALUES (NEW.id, " NOW_MS "); END",
    "CREATE TRIGGER IF NOT EXISTS users_removed AFTER DELETE ON users BEGIN "
    "INSERT INTO revocations (user_id, at) VALUES (OLD.id, " NOW_MS "); END",
};
#undef NOW_MS

/// What a store of an older version lacks after the CREATE statements above (which do not touch
/// existing tables), by the version the step upgrades from.
const char* const migrationFrom1[] = {
    "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
};
const char* const migrationFrom2[] = {
    "ALTER TABLE users ADD COLUMN last_seen INTEGER",
    // Every conversation so far was a private AI chat: its owner is its one member, who has read
    // everything in it (so nobody starts with a backlog of unread replies).
    "INSERT OR IGNORE INTO members (conv_id, user_id, role, joined_at, last_read_seq) "
    "SELECT id, owner_id, 'owner', updated_at, last_seq FROM conversations",
};
// (A version 1 or 2 store gets `members` from the CREATE statements, already in its version 4
// form.)
const char* const migrationFrom3[] = {
    "ALTER TABLE members ADD COLUMN invited_by TEXT",
    "DROP INDEX IF EXISTS members_user", // members_user_conv serves its lookups too
};
// Every stored event bumps its conversation's updated_at: an index on it was one more B-tree
// entry deleted and inserted (one more WAL page per commit) per message, and no query read it.
const char* const migrationBefore7[] = {
    "DROP INDEX IF EXISTS conversations_owner",
};

} // namespace

Database::Database()
    : m_connectionName(u"palaver-store-%1"_s.arg(++connectionCounter))
{ }

Database::~Database()
{
    // The statements belong to the connection: they go before it.
    m_prepared.clear();
    m_unprepared = QSqlQuery();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::open(const QString& filePath)
{
    if (!privatefiles::makePrivateDatabaseFiles(filePath, &m_error))
        return false;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.setDatabaseName(filePath);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        m_error = u"Cannot open database %1: %2"_s.arg(filePath, db.lastError().text());
        return false;
    }
    // temp_store=MEMORY: a savepoint's sub-journal (each message is stored in a savepoint inside
    // the group commit's transaction) stays in memory instead of spilling to a file in /var/tmp
    // that is created and unlinked every few dozen messages; it is bounded by one group commit.
    if (!exec(u"PRAGMA journal_mode=WAL"_s) || !exec(u"PRAGMA synchronous=NORMAL"_s)
        || !exec(u"PRAGMA temp_store=MEMORY"_s))
        return false;
    return createSchema();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

PreparedQuery Database::prepared(const QString& sql)
{
    if (const auto it = m_prepared.constFind(sql); it != m_prepared.cend())
        return PreparedQuery(**it);
    auto query = std::make_shared<QSqlQuery>(connection());
    query->setForwardOnly(true); // no row cache: every reader walks forward once
    if (!query->prepare(sql)) {
        m_error = query->lastError().text();
        LogEvent(lcStore(), QtWarningMsg, u"database error: %1"_s.arg(m_error))
            .field("error", m_error);
        m_unprepared = *query;
        return PreparedQuery(m_unprepared);
    }
    return PreparedQuery(**m_prepared.insert(sql, query));
}

bool Database::exec(QSqlQuery& query)
{
    QElapsedTimer timer;
    timer.start();
    const bool ok = query.exec();
    if (m_latency)
        m_latency->observe(double(timer.nsecsElapsed()) / 1e9);
    if (ok)
        return true;
    m_error = query.lastError().text();
    LogEvent(lcStore(), QtWarningMsg, u"database error: %1"_s.arg(m_error)).field("error", m_error);
    return false;
}

bool Database::exec(const QString& statement)
{
    QSqlQuery query(connection());
    if (query.exec(statement))
        return true;
    m_error = query.lastError().text();
    LogEvent(lcStore(), QtWarningMsg, u"database error: %1"_s.arg(m_error)).field("error", m_error);
    return false;
}

bool Database::transaction()
{
    if (!exec(*prepared(m_depth == 0 ? u"BEGIN"_s : u"SAVEPOINT nested"_s)))
        return false;
    ++m_depth;
    return true;
}

bool Database::commit()
{
    if (m_depth > 1) {
        if (!exec(*prepared(u"RELEASE nested"_s)))
            return false;
        --m_depth;
        return true;
    }
    m_depth = 0;
    if (exec(*prepared(u"COMMIT"_s)))
        return true;
    // SQLite keeps a transaction whose COMMIT failed (busy, a deferred constraint) open.
    prepared(u"ROLLBACK"_s)->exec();
    return false;
}

void Database::rollback()
{
    if (m_depth > 1) {
        prepared(u"ROLLBACK TO nested"_s)->exec();
        prepared(u"RELEASE nested"_s)->exec();
        --m_depth;
        return;
    }
    m_depth = 0;
    prepared(u"ROLLBACK"_s)->exec(); // nothing open to roll back is no error worth a word
}

bool Database::checkpoint()
{
    return exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
}

bool Database::leaveCheckpointsToBackstop()
{
    return exec(u"PRAGMA wal_autocheckpoint=%1"_s.arg(backstopCheckpointPages));
}

bool Database::createSchema()
{
    QSqlQuery version(connection());
    if (!version.exec(u"PRAGMA user_version"_s) || !version.next()) {
        m_error = version.lastError().text();
        return false;
    }
    const int current = version.value(0).toInt();
    version.finish(); // a pending read would keep DROP INDEX from running ("table is locked")
    if (current > schemaVersion) {
        m_error
            = u"The database was written by a newer palaver-server (schema %1, this one knows %2)"_s
                  .arg(current)
                  .arg(schemaVersion);
        return false;
    }
    // Up to date: nothing to write. (An admin command opens the store while the server runs; a
    // needless write transaction there could meet the server's and fail as "locked".)
    if (current == schemaVersion)
        return true;
    // One transaction: a migration that fails half-way leaves the old store as it was.
    // IMMEDIATE takes the write lock at once, so a busy store is waited for (the busy timeout)
    // instead of failing when a read would have to become a write.
    if (!exec(u"BEGIN IMMEDIATE"_s)) {
        m_error = connection().lastError().text();
        return false;
    }
    const auto run = [this](const auto& statements) {
        for (const char* statement : statements) {
            if (!exec(QString::fromLatin1(statement)))
                return false;
        }
        return true;
    };
    const bool ok = run(schema) && (current != 1 || run(migrationFrom1))
        && (current < 1 || current > 2 || run(migrationFrom2))
        && (current != 3 || run(migrationFrom3)) && (current >= 7 || run(migrationBefore7))
        && exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion));
    if (!ok) {
        exec(u"ROLLBACK"_s);
        return false;
    }
    return exec(u"COMMIT"_s);
}

} // namespace palaver::server
