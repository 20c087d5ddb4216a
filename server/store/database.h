#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <memory>

namespace palaver::server {

class Histogram;

/// A statement the Database keeps prepared (see Database::prepared): bind, exec, read, and when
/// the handle goes its result set is let go (sqlite3_reset) so no read stays open between
/// requests, while the compiled statement stays for the next call.
class PreparedQuery
{
public:
    explicit PreparedQuery(QSqlQuery& query)
        : m_query(&query)
    { }
    ~PreparedQuery() { m_query->finish(); }
    PreparedQuery(const PreparedQuery&) = delete;
    PreparedQuery& operator=(const PreparedQuery&) = delete;

    QSqlQuery* operator->() const { return m_query; }
    QSqlQuery& operator*() const { return *m_query; }

private:
    QSqlQuery* m_query;
};

/// One SQLite connection (WAL) with the Palaver schema. Used from one thread only: the thread
/// that opened it (QtSql connections are per thread).
class Database
{
public:
    Database();
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Opens (creating if needed) the database file and brings its schema up to date. On failure
    /// returns false and errorString() says why.
    bool open(const QString& filePath);
    QString errorString() const { return m_error; }

    QSqlDatabase connection() const;
    /// The statement `sql`, compiled once for this connection and reused (the hot paths: sending
    /// a message runs a handful of statements; compiling each from text every time cost more than
    /// running it). Not re-entrant: a caller finishes with one before asking for the same `sql`
    /// again. A statement that does not compile is returned unprepared (its exec fails).
    PreparedQuery prepared(const QString& sql);
    /// Runs a prepared query; on failure remembers the driver's message for errorString().
    bool exec(QSqlQuery& query);
    /// Runs a statement without parameters.
    bool exec(const QString& statement);

    /// Opens a transaction, or inside one a savepoint (so a write that runs in a caller's open
    /// transaction, a group commit's, is still all-or-nothing on its own).
    bool transaction();
    /// Ends the innermost transaction() (the outermost commits). A commit that fails is rolled
    /// back: nothing is left half-open.
    bool commit();
    /// Undoes the innermost transaction(): back to its savepoint, or the whole transaction.
    void rollback();
    bool inTransaction() const { return m_depth > 0; }
    /// Writes the WAL back into the database file (at shutdown, so the file alone is complete).
    bool checkpoint();
    /// SQLite copies the WAL back after the commit that makes it this long (by default 1000
    /// pages, about every hundred messages, inside that message's commit). With a
    /// WalCheckpointer doing it on its own thread, this connection does it only past this
    /// backstop (64 MiB of 4 KiB pages), which bounds the WAL if the checkpointer falls behind.
    static constexpr int backstopCheckpointPages = 16384;
    /// Leaves checkpoints to a WalCheckpointer, but for the backstop above.
    bool leaveCheckpointsToBackstop();

    /// Where each statement's time is counted (for metrics); may stay unset.
    void setLatencyHistogram(Histogram* histogram) { m_latency = histogram; }

    static QString fileName() { return QStringLiteral("palaver.sqlite"); }

private:
    bool createSchema();

    QString m_connectionName;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_prepared;
    QSqlQuery m_unprepared;
    QString m_error;
    Histogram* m_latency = nullptr;
    int m_depth = 0; ///< open transaction() calls
};

} // namespace palaver::server
