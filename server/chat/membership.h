#pragma once

#include "protocol/enums.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace palaver::server {

class MemberStore;

/// Who is in which conversation, kept in memory so the hot paths (every delta of a reply, every
/// typing relay, every access check) do not query the database. Loaded per conversation on first
/// use from the store; whoever changes the members in the store calls forget() so the next use
/// reads them again. Lives in the hub's thread.
class Membership
{
public:
    /// One conversation's kind and members (ids in seniority order).
    struct Entry
    {
        protocol::ConversationKind kind = protocol::ConversationKind::Ai;
        QStringList userIds;
        QHash<QString, protocol::MemberRole> roles;
    };

    explicit Membership(MemberStore& store);

    /// The conversation's entry; nothing when it does not exist.
    const Entry* find(const QString& convId);
    /// `userId`'s role in the conversation; nothing when they are not in it (or it does not exist).
    std::optional<protocol::MemberRole> role(const QString& convId, const QString& userId);
    bool isMember(const QString& convId, const QString& userId)
    {
        return role(convId, userId).has_value();
    }
    /// The members' ids (empty when the conversation does not exist).
    QStringList userIds(const QString& convId);
    /// The members' ids except `userId`.
    QStringList others(const QString& convId, const QString& userId);
    /// The conversation's members changed (or it was created or deleted): read them again on next
    /// use, and tell the listener.
    void forget(const QString& convId);
    /// Called by forget() with the conversation's id, after its entry is gone (one listener:
    /// Presence keeps its in-memory co-members with it).
    void setChangeListener(std::function<void(const QString& convId)> listener)
    {
        m_changed = std::move(listener);
    }
    qsizetype cachedCount() const { return m_entries.size(); }

private:
    MemberStore& m_store;
    QHash<QString, Entry> m_entries;
    std::function<void(const QString&)> m_changed;
};

} // namespace palaver::server
