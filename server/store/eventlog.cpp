#include "store/eventlog.h"

#include "log/categories.h"
#include "store/database.h"
#include "store/eventcodec.h"

#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

EventLog::EventLog(Database& database)
    : m_db(database)
{ }

EventPage EventLog::read(
    const QString& sql, const QString& convId, qint64 bound, int limit, bool newestFirst)
{
    EventPage page;
    QSqlQuery q(m_db.connection());
    q.prepare(sql);
    q.addBindValue(convId);
    q.addBindValue(bound);
    q.addBindValue(limit + 1); // one more tells whether there is more
    if (!m_db.exec(q))
        return page;
    qint64 bytes = 0;
    while (q.next()) {
        // The byte budget keeps one answer frame well below a session's send-queue bound.
        if (page.events.size() == limit || bytes > maxPageBytes) {
            page.hasMore = true;
            break;
        }
        const QByteArray payload = q.value(0).toByteArray();
        bytes += payload.size();
        if (const auto event = decodeEvent(payload))
            page.events.append(*event);
        else
            qCWarning(lcStore, "skipping an undecodable stored event in %s", qPrintable(convId));
    }
    if (newestFirst)
        std::reverse(page.events.begin(), page.events.end());
    return page;
}

EventPage EventLog::history(const QString& convId, std::optional<qint64> beforeSeq, int limit)
{
    return read(u"SELECT payload FROM events WHERE conv_id = ? AND seq < ? "
                "ORDER BY seq DESC LIMIT ?"_s,
        convId, beforeSeq.value_or(std::numeric_limits<qint64>::max()), limit, true);
}

EventPage EventLog::after(const QString& convId, qint64 afterSeq, int limit)
{
    return read(
        u"SELECT payload FROM events WHERE conv_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?"_s,
        convId, afterSeq, limit, false);
}

qint64 EventLog::reserveSeq(const QString& convId, qint64 nowMs)
{
    const PreparedQuery bump = m_db.prepared(u"UPDATE conversations SET last_seq = last_seq + 1, "
                                             "updated_at = ? WHERE id = ? RETURNING last_seq"_s);
    bump->addBindValue(nowMs);
    bump->addBindValue(convId);
    if (!m_db.exec(*bump) || !bump->next())
        return 0;
    return bump->value(0).toLongLong();
}

bool EventLog::append(const QString& convId, const Event& event)
{
    const PreparedQuery q
        = m_db.prepared(u"INSERT INTO events (conv_id, seq, type, payload) VALUES (?, ?, ?, ?)"_s);
    q->addBindValue(convId);
    q->addBindValue(seqOf(event));
    q->addBindValue(typeName(event));
    q->addBindValue(encodeEvent(event));
    return m_db.exec(*q);
}

std::optional<Event> EventLog::at(const QString& convId, qint64 seq)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT payload FROM events WHERE conv_id = ? AND seq = ?"_s);
    q.addBindValue(convId);
    q.addBindValue(seq);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    return decodeEvent(q.value(0).toByteArray());
}

} // namespace palaver::server
