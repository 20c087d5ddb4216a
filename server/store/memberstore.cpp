#include "store/memberstore.h"

#include "store/database.h"

#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {

qint64 nowMs()
{
    return QDateTime::currentDateTimeUtc().toMSecsSinceEpoch();
}

/// Columns id, name, role, last_read_seq, last_seen from offset `at`.
Member memberFrom(const QSqlQuery& q, int at)
{
    Member m;
    m.id = q.value(at).toString();
    m.name = q.value(at + 1).toString();
    m.role = fromWireName<MemberRole>(q.value(at + 2).toString()).value_or(MemberRole::Member);
    m.lastReadSeq = q.value(at + 3).toLongLong();
    if (!q.value(at + 4).isNull())
        m.lastSeen = QDateTime::fromMSecsSinceEpoch(q.value(at + 4).toLongLong(), QTimeZone::utc());
    return m;
}

// Seniority: who joined first, and among those who joined in the same millisecond (a room's
// first members), who was inserted first.
const auto seniority = "m.joined_at, m.rowid"_L1;

/// "?, ?, ?" for `count` bound values.
QString placeholders(qsizetype count)
{
    QString list;
    for (qsizetype i = 0; i < count; ++i)
        list += i == 0 ? u"?"_s : u", ?"_s;
    return list;
}

QVariant nullable(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace

MemberStore::MemberStore(Database& database)
    : m_db(database)
{ }

bool MemberStore::add(const QString& convId, const QString& userId, MemberRole role,
    qint64 lastReadSeq, const QString& invitedBy)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT OR IGNORE INTO members (conv_id, user_id, role, joined_at, last_read_seq, "
              "invited_by) VALUES (?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(convId);
    q.addBindValue(userId);
    q.addBindValue(wireName(role));
    q.addBindValue(nowMs());
    q.addBindValue(lastReadSeq);
    q.addBindValue(nullable(invitedBy));
    return m_db.exec(q);
}

bool MemberStore::join(
    const QString& convId, const QString& userId, MemberRole role, const QString& invitedBy)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT OR IGNORE INTO members (conv_id, user_id, role, joined_at, last_read_seq, "
              "invited_by) SELECT id, ?, ?, ?, last_seq, ? FROM conversations WHERE id = ?"_s);
    q.addBindValue(userId);
    q.addBindValue(wireName(role));
    q.addBindValue(nowMs());
    q.addBindValue(nullable(invitedBy));
    q.addBindValue(convId);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

QString MemberStore::inviter(const QString& convId, const QString& userId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT invited_by FROM members WHERE conv_id = ? AND user_id = ?"_s);
    q.addBindValue(convId);
    q.addBindValue(userId);
    if (!m_db.exec(q) || !q.next())
        return QString();
    return q.value(0).toString();
}

bool MemberStore::remove(const QString& convId, const QString& userId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM members WHERE conv_id = ? AND user_id = ?"_s);
    q.addBindValue(convId);
    q.addBindValue(userId);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

std::optional<LeaveOutcome> MemberStore::leave(const QString& convId, const QString& userId)
{
    const std::optional<Roster> before = roster(convId);
    if (!before)
        return std::nullopt;
    bool wasOwner = false;
    for (const Member& m : before->members)
        wasOwner = wasOwner || (m.id == userId && m.role == MemberRole::Owner);
    if (!remove(convId, userId))
        return std::nullopt;
    LeaveOutcome outcome;
    QString heir;
    for (const Member& m : before->members) {
        if (m.id == userId)
            continue;
        ++outcome.remaining;
        if (heir.isEmpty())
            heir = m.id; // the roster is in seniority order
    }
    if (wasOwner && before->kind == ConversationKind::Room && !heir.isEmpty()) {
        QSqlQuery promote(m_db.connection());
        promote.prepare(u"UPDATE members SET role = ? WHERE conv_id = ? AND user_id = ?"_s);
        promote.addBindValue(wireName(MemberRole::Owner));
        promote.addBindValue(convId);
        promote.addBindValue(heir);
        if (!m_db.exec(promote))
            return std::nullopt;
        outcome.newOwnerId = heir;
    }
    return outcome;
}

std::optional<Roster> MemberStore::roster(const QString& convId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT c.kind, u.id, u.name, m.role, m.last_read_seq, u.last_seen "
              "FROM conversations c LEFT JOIN members m ON m.conv_id = c.id "
              "LEFT JOIN users u ON u.id = m.user_id WHERE c.id = ? ORDER BY "_s
        + seniority);
    q.addBindValue(convId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    Roster roster;
    roster.kind
        = fromWireName<ConversationKind>(q.value(0).toString()).value_or(ConversationKind::Ai);
    do {
        // A conversation without members (or a member whose account is gone) joins to NULLs.
        if (!q.value(1).isNull())
            roster.members.append(memberFrom(q, 1));
    } while (q.next());
    return roster;
}

QHash<QString, QList<Member>> MemberStore::rostersOf(
    const QString& userId, const QStringList& convIds)
{
    QHash<QString, QList<Member>> result;
    if (convIds.isEmpty())
        return result;
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT m.conv_id, u.id, u.name, m.role, m.last_read_seq, u.last_seen "
        "FROM members me JOIN conversations c ON c.id = me.conv_id AND c.kind != ? "
        "JOIN members m ON m.conv_id = me.conv_id JOIN users u ON u.id = m.user_id "
        "WHERE me.user_id = ? AND me.conv_id IN (%1) ORDER BY "_s.arg(placeholders(convIds.size()))
        + seniority);
    q.addBindValue(wireName(ConversationKind::Ai));
    q.addBindValue(userId);
    for (const QString& convId : convIds)
        q.addBindValue(convId);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result[q.value(0).toString()].append(memberFrom(q, 1));
    return result;
}

QHash<QString, qint64> MemberStore::unreadCounts(const QString& userId, const QStringList& convIds)
{
    QHash<QString, qint64> result;
    if (convIds.isEmpty())
        return result;
    QSqlQuery q(m_db.connection());
    // Assistant replies have no user_id: they count for everyone.
    q.prepare(u"SELECT me.conv_id, COUNT(*) FROM members me JOIN messages msg "
              "ON msg.conv_id = me.conv_id AND msg.seq > me.last_read_seq "
              "AND (msg.user_id IS NULL OR msg.user_id != me.user_id) "
              "WHERE me.user_id = ? AND me.conv_id IN (%1) GROUP BY me.conv_id"_s.arg(
                  placeholders(convIds.size())));
    q.addBindValue(userId);
    for (const QString& convId : convIds)
        q.addBindValue(convId);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result.insert(q.value(0).toString(), q.value(1).toLongLong());
    return result;
}

MemberCounts MemberStore::counts(const QString& userId)
{
    MemberCounts result;
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT c.kind, COUNT(*), SUM(m.role = ?) FROM members m "
              "JOIN conversations c ON c.id = m.conv_id WHERE m.user_id = ? GROUP BY c.kind"_s);
    q.addBindValue(wireName(MemberRole::Owner));
    q.addBindValue(userId);
    if (!m_db.exec(q))
        return result;
    while (q.next()) {
        const int count = q.value(1).toInt();
        switch (
            fromWireName<ConversationKind>(q.value(0).toString()).value_or(ConversationKind::Ai)) {
        case ConversationKind::Ai:
            result.aiChats += count;
            break;
        case ConversationKind::Room:
            result.rooms += count;
            result.ownedRooms += q.value(2).toInt();
            break;
        case ConversationKind::Dm:
            result.dms += count;
            break;
        }
    }
    return result;
}

QHash<QString, int> MemberStore::roomAndDmCounts(const QStringList& userIds)
{
    QHash<QString, int> result;
    if (userIds.isEmpty())
        return result;
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT m.user_id, COUNT(*) FROM members m "
              "JOIN conversations c ON c.id = m.conv_id AND c.kind != ? "
              "WHERE m.user_id IN (%1) GROUP BY m.user_id"_s.arg(placeholders(userIds.size())));
    q.addBindValue(wireName(ConversationKind::Ai));
    for (const QString& userId : userIds)
        q.addBindValue(userId);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result.insert(q.value(0).toString(), q.value(1).toInt());
    return result;
}

qint64 MemberStore::unread(const QString& convId, const QString& userId, qint64 lastReadSeq)
{
    const PreparedQuery q = m_db.prepared(u"SELECT COUNT(*) FROM messages WHERE conv_id = ? "
                                          "AND seq > ? AND (user_id IS NULL OR user_id != ?)"_s);
    q->addBindValue(convId);
    q->addBindValue(lastReadSeq);
    q->addBindValue(userId);
    if (!m_db.exec(*q) || !q->next())
        return 0;
    return q->value(0).toLongLong();
}

std::optional<qint64> MemberStore::advanceRead(
    const QString& convId, const QString& userId, qint64 seq)
{
    // A marker never moves back, nor past the end of the conversation.
    const PreparedQuery q
        = m_db.prepared(u"UPDATE members SET last_read_seq = "
                        "MIN(?, (SELECT last_seq FROM conversations WHERE id = members.conv_id)) "
                        "WHERE conv_id = ? AND user_id = ? AND last_read_seq < "
                        "MIN(?, (SELECT last_seq FROM conversations WHERE id = members.conv_id)) "
                        "RETURNING last_read_seq"_s);
    q->addBindValue(seq);
    q->addBindValue(convId);
    q->addBindValue(userId);
    q->addBindValue(seq);
    if (!m_db.exec(*q) || !q->next())
        return std::nullopt;
    return q->value(0).toLongLong();
}

std::optional<qint64> MemberStore::readMarker(const QString& convId, const QString& userId)
{
    const PreparedQuery q
        = m_db.prepared(u"SELECT last_read_seq FROM members WHERE conv_id = ? AND user_id = ?"_s);
    q->addBindValue(convId);
    q->addBindValue(userId);
    if (!m_db.exec(*q) || !q->next())
        return std::nullopt;
    return q->value(0).toLongLong();
}

QString MemberStore::findDm(const QString& userA, const QString& userB)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT c.id FROM conversations c "
              "JOIN members a ON a.conv_id = c.id AND a.user_id = ? "
              "JOIN members b ON b.conv_id = c.id AND b.user_id = ? "
              "WHERE c.kind = ? ORDER BY c.updated_at DESC LIMIT 1"_s);
    q.addBindValue(userA);
    q.addBindValue(userB);
    q.addBindValue(wireName(ConversationKind::Dm));
    if (!m_db.exec(q) || !q.next())
        return QString();
    return q.value(0).toString();
}

QStringList MemberStore::coMembers(const QString& userId)
{
    QStringList result;
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT DISTINCT other.user_id FROM members me "
              "JOIN conversations c ON c.id = me.conv_id AND c.kind != ? "
              "JOIN members other ON other.conv_id = me.conv_id AND other.user_id != me.user_id "
              "WHERE me.user_id = ?"_s);
    q.addBindValue(wireName(ConversationKind::Ai));
    q.addBindValue(userId);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result.append(q.value(0).toString());
    return result;
}

QStringList MemberStore::sharedConversationsOf(const QString& userId)
{
    QStringList result;
    const PreparedQuery q
        = m_db.prepared(u"SELECT me.conv_id FROM members me "
                        "JOIN conversations c ON c.id = me.conv_id AND c.kind != ? "
                        "WHERE me.user_id = ?"_s);
    q->addBindValue(wireName(ConversationKind::Ai));
    q->addBindValue(userId);
    if (!m_db.exec(*q))
        return result;
    while (q->next())
        result.append(q->value(0).toString());
    return result;
}

bool MemberStore::setLastSeen(const QString& userId, const QDateTime& when)
{
    const PreparedQuery q = m_db.prepared(u"UPDATE users SET last_seen = ? WHERE id = ?"_s);
    q->addBindValue(when.toMSecsSinceEpoch());
    q->addBindValue(userId);
    return m_db.exec(*q);
}

} // namespace palaver::server
