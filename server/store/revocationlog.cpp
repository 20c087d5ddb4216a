#include "store/revocationlog.h"

#include "store/database.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

RevocationLog::RevocationLog(Database& database)
    : m_db(database)
{ }

std::optional<qint64> RevocationLog::latest()
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT COALESCE(MAX(seq), 0) FROM revocations"_s);
    if (!m_db.exec(query) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

std::optional<RevocationLog::Entries> RevocationLog::since(qint64 cursor, int limit)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT seq, user_id FROM revocations WHERE seq > ? ORDER BY seq LIMIT ?"_s);
    query.addBindValue(cursor);
    query.addBindValue(limit + 1);
    if (!m_db.exec(query))
        return std::nullopt;
    Entries entries;
    entries.latest = cursor;
    while (query.next()) {
        if (entries.userIds.size() == limit) {
            entries.truncated = true;
            break;
        }
        entries.latest = query.value(0).toLongLong();
        entries.userIds.append(query.value(1).toString());
    }
    query.finish();
    if (entries.truncated) {
        const std::optional<qint64> newest = latest();
        if (!newest)
            return std::nullopt;
        entries.latest = *newest;
    }
    return entries;
}

bool RevocationLog::prune(qint64 ageMs)
{
    QSqlQuery remove(m_db.connection());
    remove.prepare(u"DELETE FROM revocations WHERE at < ?"_s);
    remove.addBindValue(QDateTime::currentMSecsSinceEpoch() - ageMs);
    return m_db.exec(remove);
}

} // namespace palaver::server
