#pragma once

#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace palaver::server {

class Histogram;

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
    /// Runs a prepared query; on failure remembers the driver's message for errorString().
    bool exec(QSqlQuery& query);
    /// Runs a statement without parameters.
    bool exec(const QString& statement);

    bool transaction();
    bool commit();
    void rollback();
    /// Writes the WAL back into the database file (at shutdown, so the file alone is complete).
    bool checkpoint();

    /// Where each statement's time is counted (for metrics); may stay unset.
    void setLatencyHistogram(Histogram* histogram) { m_latency = histogram; }

    static QString fileName() { return QStringLiteral("palaver.sqlite"); }

private:
    bool createSchema();

    QString m_connectionName;
    QString m_error;
    Histogram* m_latency = nullptr;
};

} // namespace palaver::server
