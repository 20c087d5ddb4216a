#pragma once

#include "chat/fanout.h"
#include "chat/presenceaudience.h"
#include "protocol/messages.h"

#include <QHash>
#include <QList>
#include <QString>

namespace palaver::server {

class Membership;
class MemberStore;

/// Who is online, away or offline. A user is `online` while at least one of their signed-in
/// connections is not away, `away` when every one said `presence.set away`, `offline` when none
/// is connected (then their lastSeen is stored). Only changes are pushed, as `presence`, to the
/// people who share a room or a DM with the user; never to the user, never to strangers. Who those
/// are comes from memory (PresenceAudience, kept in step with `membership`'s changes), not from a
/// query per change. Lives in the hub's thread.
class Presence
{
public:
    Presence(MemberStore& members, Membership& membership, Fanout& fanout);
    ~Presence();
    Presence(const Presence&) = delete;
    Presence& operator=(const Presence&) = delete;

    /// A connection signed in as `userId` (it counts as online, also after a reconnect).
    void sessionSignedIn(quint64 sessionId, const QString& userId, const QString& userName);
    /// A connection is gone.
    void sessionEnded(quint64 sessionId);
    /// `presence.set`: this connection is at the keyboard or not.
    void set(const SessionRef& session, const protocol::PresenceSet& request);

    protocol::PresenceState state(const QString& userId) const;
    /// Sets each member's presence as it is now; lastSeen is kept only for those offline.
    void apply(QList<protocol::Member>& members) const;
    /// At shutdown: stores the lastSeen not stored yet and lastSeen for everyone still connected
    /// (nobody is left to tell).
    void recordAllOffline();
    /// Whether someone went offline since saveLastSeen(): the hub then opens its group commit.
    bool hasUnsavedLastSeen() const { return !m_unsavedLastSeen.isEmpty(); }
    /// Writes the lastSeen of those who went offline since the last call. The hub calls it once
    /// per drain of its queue, inside the group commit's transaction, so a burst of sign-outs
    /// costs one commit, not one each.
    void saveLastSeen();

private:
    struct User
    {
        QString name;
        QHash<quint64, bool> awayBySession;
        protocol::PresenceState published = protocol::PresenceState::Offline;
    };

    static protocol::PresenceState stateOf(const User& user);
    /// Pushes the user's state to their co-members when it changed; forgets them once offline.
    void publish(const QString& userId);

    MemberStore& m_members;
    Membership& m_membership;
    Fanout& m_fanout;
    PresenceAudience m_audience; ///< the co-members of everyone in m_users
    QHash<QString, User> m_users;
    QHash<quint64, QString> m_userOfSession;
    /// Who went offline when, until saveLastSeen() (at most the sign-outs of one drain).
    QHash<QString, QDateTime> m_unsavedLastSeen;
};

} // namespace palaver::server
