#include "rooms/memberlistmodel.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

MemberListModel::MemberListModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

int MemberListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MemberListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const protocol::Member& m = row.member;
    switch (role) {
    case UserIdRole:
        return m.id;
    case Qt::DisplayRole:
    case NameRole:
        return m.name;
    case RoleRole:
        return row.isAssistant ? u"assistant"_s : protocol::wireName(m.role);
    case PresenceRole:
        return row.isAssistant ? u"online"_s : protocol::wireName(m.presence);
    case LastSeenRole:
        // Only meaningful while they are away from every device.
        return !row.isAssistant && m.presence == protocol::PresenceState::Offline ? m.lastSeen
                                                                                  : QDateTime();
    case IsSelfRole:
        return !row.isAssistant && !m_selfId.isEmpty() && m.id == m_selfId;
    case WritingRole:
        return row.isAssistant && m_writing;
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const
{
    return {
        { UserIdRole, "userId" },
        { NameRole, "name" },
        { RoleRole, "role" },
        { PresenceRole, "presence" },
        { LastSeenRole, "lastSeen" },
        { IsSelfRole, "isSelf" },
        { WritingRole, "writing" },
    };
}

QList<MemberListModel::Row> MemberListModel::ordered(
    const QList<protocol::Member>& members, const QString& assistant)
{
    QList<Row> rows;
    for (const auto& m : members)
        rows.append(Row { m, false });
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        const bool aOwner = a.member.role == protocol::MemberRole::Owner;
        const bool bOwner = b.member.role == protocol::MemberRole::Owner;
        if (aOwner != bOwner)
            return aOwner;
        return QString::localeAwareCompare(a.member.name, b.member.name) < 0;
    });
    if (!assistant.isEmpty()) {
        Row row;
        row.isAssistant = true;
        row.member.name = assistant;
        rows.prepend(row);
    }
    return rows;
}

void MemberListModel::setMembers(
    const QList<protocol::Member>& members, const QString& selfId, const QString& assistantName)
{
    QList<Row> rows = ordered(members, assistantName);
    const auto sameIds = [&] {
        if (rows.size() != m_rows.size())
            return false;
        for (int i = 0; i < rows.size(); ++i) {
            if (rows.at(i).isAssistant != m_rows.at(i).isAssistant
                || rows.at(i).member.id != m_rows.at(i).member.id)
                return false;
        }
        return true;
    };
    if (sameIds() && selfId == m_selfId) {
        // The same people in the same places: only what changed (presence, role, names).
        for (int i = 0; i < rows.size(); ++i) {
            if (rows.at(i) == m_rows.at(i))
                continue;
            m_rows[i] = rows.at(i);
            Q_EMIT dataChanged(index(i), index(i));
        }
        return;
    }
    const int before = int(m_rows.size());
    beginResetModel();
    m_rows = rows;
    m_selfId = selfId;
    endResetModel();
    if (before != m_rows.size())
        Q_EMIT countChanged();
}

void MemberListModel::setWriting(bool writing)
{
    if (m_writing == writing)
        return;
    m_writing = writing;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).isAssistant)
            Q_EMIT dataChanged(index(i), index(i), { WritingRole });
    }
}

} // namespace palaver::client
