#include "store/leaveblocks.h"

#include "store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

LeaveBlocks::LeaveBlocks(Database& database)
    : m_db(database)
{ }

bool LeaveBlocks::record(const QString& userId, const QString& convId, const QString& inviterId,
    qint64 untilMs, qint64 nowMs)
{
    QSqlQuery expired(m_db.connection());
    expired.prepare(u"DELETE FROM leave_blocks WHERE until <= ?"_s);
    expired.addBindValue(nowMs);
    if (!m_db.exec(expired))
        return false;
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT OR REPLACE INTO leave_blocks (user_id, conv_id, inviter_id, until) "
              "VALUES (?, ?, ?, ?)"_s);
    q.addBindValue(userId);
    q.addBindValue(convId);
    q.addBindValue(inviterId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : inviterId);
    q.addBindValue(untilMs);
    return m_db.exec(q);
}

std::optional<LeaveBlock> LeaveBlocks::find(
    const QString& userId, const QString& convId, const QString& adderId, qint64 nowMs)
{
    QSqlQuery q(m_db.connection());
    // The primary key's user_id prefix finds the few rows of one person.
    q.prepare(u"SELECT conv_id, inviter_id, until FROM leave_blocks "
              "WHERE user_id = ? AND until > ? AND (conv_id = ? OR inviter_id = ?) "
              "ORDER BY inviter_id = ? DESC, until DESC LIMIT 1"_s);
    q.addBindValue(userId);
    q.addBindValue(nowMs);
    q.addBindValue(convId);
    q.addBindValue(adderId);
    q.addBindValue(adderId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    return LeaveBlock { userId, q.value(0).toString(), q.value(1).toString(),
        q.value(2).toLongLong() };
}

} // namespace palaver::server
