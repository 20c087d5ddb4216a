#include "store/announcementstore.h"

#include "store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

AnnouncementStore::AnnouncementStore(Database& database)
    : m_db(database)
{ }

std::optional<Announcement> AnnouncementStore::add(
    AnnouncementLevel level, const QString& text, const QDateTime& expiresAt, QString* error)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto holding = valid(now);
    if (!holding) {
        *error = m_db.errorString();
        return std::nullopt;
    }
    if (holding->size() >= maxValid) {
        *error = u"%1 announcements hold already; withdraw one first (announce list, announce "
                 "withdraw ID)"_s.arg(maxValid);
        return std::nullopt;
    }
    QSqlQuery query(m_db.connection());
    query.prepare(u"INSERT INTO announcements (level, text, created_at, expires_at) "
                  "VALUES (?, ?, ?, ?)"_s);
    query.addBindValue(wireName(level));
    query.addBindValue(text);
    query.addBindValue(now.toMSecsSinceEpoch());
    query.addBindValue(expiresAt.isValid() ? QVariant(expiresAt.toMSecsSinceEpoch()) : QVariant());
    if (!m_db.exec(query)) {
        *error = m_db.errorString();
        return std::nullopt;
    }
    return Announcement { query.lastInsertId().toString(), level, text, now, expiresAt };
}

bool AnnouncementStore::withdraw(const QString& announcementId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"UPDATE announcements SET withdrawn_at = ? WHERE id = ? AND "
                  "withdrawn_at IS NULL"_s);
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    query.addBindValue(announcementId.toLongLong());
    return m_db.exec(query) && query.numRowsAffected() > 0;
}

std::optional<QList<Announcement>> AnnouncementStore::valid(const QDateTime& now)
{
    return select(u"withdrawn_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"_s, now);
}

QList<Announcement> AnnouncementStore::all()
{
    return select(u"withdrawn_at IS NULL"_s, QDateTime()).value_or(QList<Announcement>());
}

std::optional<QList<Announcement>> AnnouncementStore::select(
    const QString& where, const QDateTime& now)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT id, level, text, created_at, expires_at FROM announcements WHERE "_s
        + where + u" ORDER BY id"_s);
    if (now.isValid())
        query.addBindValue(now.toMSecsSinceEpoch());
    if (!m_db.exec(query))
        return std::nullopt;
    QList<Announcement> result;
    while (query.next()) {
        Announcement announcement;
        announcement.announcementId = query.value(0).toString();
        announcement.level = fromWireName<AnnouncementLevel>(query.value(1).toString())
                                 .value_or(AnnouncementLevel::Info);
        announcement.text = query.value(2).toString();
        announcement.createdAt
            = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong(), Qt::UTC);
        if (!query.value(4).isNull()) {
            announcement.expiresAt
                = QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), Qt::UTC);
        }
        result.append(announcement);
    }
    return result;
}

} // namespace palaver::server
