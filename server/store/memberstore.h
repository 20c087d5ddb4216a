#pragma once

#include "protocol/messages.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace palaver::server {

class Database;

/// Who is in a conversation: its kind and its members, most senior first. `presence` is left
/// offline here (the store does not know who is connected); `lastSeen` is what the users table
/// holds.
struct Roster
{
    protocol::ConversationKind kind = protocol::ConversationKind::Ai;
    QList<protocol::Member> members;
};

/// What `leave` changed.
struct LeaveOutcome
{
    int remaining = 0; ///< members left in the conversation
    QString newOwnerId; ///< set when the leaver owned the room and someone else does now
};

/// How many conversations of each kind one person is in (RoomLimits are checked against these).
struct MemberCounts
{
    int aiChats = 0;
    int rooms = 0;
    int dms = 0;
    int ownedRooms = 0; ///< rooms in which they are the owner now
    int roomsAndDms() const { return rooms + dms; }
};

/// The `members` table (who is in which conversation, in which role, read up to where) and the
/// users' last-seen times. Writes that belong to a larger change (creating a conversation,
/// leaving one) do not open a transaction of their own: the caller's holds them.
class MemberStore
{
public:
    explicit MemberStore(Database& database);

    /// Adds a member whose read marker starts at `lastReadSeq`, added by `invitedBy` (empty: they
    /// came by themselves, as a conversation's creator); a member already there is left as they
    /// are.
    bool add(const QString& convId, const QString& userId, protocol::MemberRole role,
        qint64 lastReadSeq, const QString& invitedBy = QString());
    /// Adds a member whose marker starts at the conversation's current lastSeq, so they do not
    /// start with the backlog unread. True when added, false when already a member or failed.
    bool join(const QString& convId, const QString& userId, protocol::MemberRole role,
        const QString& invitedBy = QString());
    /// Who added `userId` to the conversation; empty when nobody did (or they are not in it).
    QString inviter(const QString& convId, const QString& userId);
    bool remove(const QString& convId, const QString& userId);
    /// Removes the member; when they owned a room, its longest-standing remaining member becomes
    /// the owner. Call inside a transaction.
    std::optional<LeaveOutcome> leave(const QString& convId, const QString& userId);

    /// The conversation's kind and members; nothing when it does not exist.
    std::optional<Roster> roster(const QString& convId);
    /// The members of the rooms and DMs among `convIds` that `userId` is in, by conversation id
    /// (one query for a page of conversations).
    QHash<QString, QList<protocol::Member>> rostersOf(
        const QString& userId, const QStringList& convIds);
    /// Unread messages of `userId` in each of `convIds` (absent: 0).
    QHash<QString, qint64> unreadCounts(const QString& userId, const QStringList& convIds);
    /// The conversations `userId` is in, by kind (one indexed scan of their rows).
    MemberCounts counts(const QString& userId);
    /// How many rooms and DMs each of `userIds` is in (absent: none).
    QHash<QString, int> roomAndDmCounts(const QStringList& userIds);
    /// Messages after `lastReadSeq` not written by `userId`.
    qint64 unread(const QString& convId, const QString& userId, qint64 lastReadSeq);
    /// Moves `userId`'s read marker to `seq`, clamped to [their marker, the conversation's
    /// lastSeq]. The new marker when it moved; nothing when it did not (or on a store failure).
    std::optional<qint64> advanceRead(const QString& convId, const QString& userId, qint64 seq);
    /// `userId`'s read marker in the conversation; nothing when they are not in it.
    std::optional<qint64> readMarker(const QString& convId, const QString& userId);

    /// The direct message `userA` and `userB` are both still in; empty when there is none.
    QString findDm(const QString& userA, const QString& userB);
    /// Everyone who shares a room or a DM with `userId` (not `userId`).
    QStringList coMembers(const QString& userId);
    /// The rooms and DMs `userId` is in (one indexed scan of their rows; not their members).
    QStringList sharedConversationsOf(const QString& userId);
    /// Records when the user was last connected (`users.last_seen`).
    bool setLastSeen(const QString& userId, const QDateTime& when);

private:
    Database& m_db;
};

} // namespace palaver::server
