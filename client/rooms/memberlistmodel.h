#pragma once

#include "protocol/messages.h"

#include <QAbstractListModel>

namespace palaver::client {

/// The people of the open room or DM plus one row for the assistant (named after the
/// conversation's model), for the member panel. Order: the assistant first, then the owner, then
/// everyone else by name. Presence changes update rows in place; joins and leaves reset.
class MemberListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        /// The member's user id; empty for the assistant.
        UserIdRole = Qt::UserRole + 1,
        NameRole,
        /// "owner" | "member" | "assistant"
        RoleRole,
        /// "online" | "away" | "offline" (the assistant is always "online")
        PresenceRole,
        /// When they were last connected (QDateTime); invalid when unknown or online.
        LastSeenRole,
        /// The signed-in user's own row.
        IsSelfRole,
        /// The assistant row only: a reply is streaming in this conversation.
        WritingRole,
    };
    Q_ENUM(Role)

    explicit MemberListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Shows `members` (empty, with no assistant row, when `assistantName` is empty too: nothing
    /// open or an AI chat). `selfId` marks the user's own row.
    void setMembers(const QList<protocol::Member>& members, const QString& selfId,
        const QString& assistantName);
    /// Empties the list (no room or DM open).
    void clear() { setMembers({}, {}, {}); }
    /// The assistant is writing a reply (the open conversation streams).
    void setWriting(bool writing);
    bool writing() const { return m_writing; }

Q_SIGNALS:
    void countChanged();

private:
    struct Row
    {
        protocol::Member member;
        bool isAssistant = false;
        bool operator==(const Row&) const = default;
    };
    static QList<Row> ordered(const QList<protocol::Member>& members, const QString& assistant);

    QList<Row> m_rows;
    QString m_selfId;
    bool m_writing = false;
};

} // namespace palaver::client
