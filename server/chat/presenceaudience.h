#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace palaver::server {

class Membership;
class MemberStore;

/// Who hears a user's presence: everyone who shares a room or a DM with them. Kept in memory for
/// the users Presence tracks (those connected), so a sign-in or a sign-out does not run a query
/// over every member of every room the user is in (issue 11: one such query per change made a
/// thousand sign-ins into a 1000-member room cost a million rows). A tracked user's rooms and DMs
/// are read once, when they come online (one indexed scan of their own rows); the members come
/// from Membership's cache; a change of a conversation's members (Membership::forget: a join,
/// leave, removal, creation or deletion) updates the lists of the tracked users it touches.
/// Bounded by the tracked users times the rooms and DMs each may be in (RoomLimits). Lives in the
/// hub's thread.
class PresenceAudience
{
public:
    PresenceAudience(MemberStore& store, Membership& membership);

    /// `userId` came online: their rooms and DMs are read from the store (once; nothing when
    /// tracked already).
    void track(const QString& userId);
    /// `userId` went offline: forgotten.
    void untrack(const QString& userId);
    bool isTracked(const QString& userId) const { return m_conversationsOf.contains(userId); }
    /// Everyone who shares a room or a DM with the tracked `userId`, each once, not `userId`;
    /// online or not (the fan-out skips those offline). Empty for a user not tracked.
    QStringList coMembers(const QString& userId);
    /// The members of `convId` changed, or it was created or deleted (Membership::forget).
    void conversationChanged(const QString& convId);
    /// The rooms and DMs a tracked user is in, as far as this index knows (tests).
    QStringList conversationsOf(const QString& userId) const
    {
        return m_conversationsOf.value(userId);
    }

private:
    MemberStore& m_store;
    Membership& m_membership;
    /// Each tracked user's rooms and DMs.
    QHash<QString, QStringList> m_conversationsOf;
    /// The other direction: each room or DM's tracked members (only rooms that have one).
    QHash<QString, QSet<QString>> m_trackedIn;
};

} // namespace palaver::server
