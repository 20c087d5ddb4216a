#pragma once

#include <QString>
#include <optional>

namespace palaver::server {

class Database;

/// A standing refusal to add someone who left: to the conversation they left, and by whoever had
/// added them to it.
struct LeaveBlock
{
    QString userId; ///< who left
    QString convId; ///< what they left (it may be gone by now)
    QString inviterId; ///< who had added them; empty when nobody had (they created it)
    qint64 untilMs = 0; ///< ms since epoch
};

/// The `leave_blocks` table: someone who leaves a room or a DM is not put back into it, nor into
/// any conversation by the person who had added them, for a while (RoomLimits::leaveBlockHours).
/// Times are passed in (ms since epoch), so callers and tests choose the clock.
class LeaveBlocks
{
public:
    explicit LeaveBlocks(Database& database);

    /// Remembers that `userId` left `convId`, added by `inviterId` (may be empty), until
    /// `untilMs`; a block of the same conversation is replaced. Expired blocks are dropped on the
    /// way. Joins the caller's transaction when there is one.
    bool record(const QString& userId, const QString& convId, const QString& inviterId,
        qint64 untilMs, qint64 nowMs);
    /// The block that keeps `adderId` from adding `userId` to `convId` (empty: a new
    /// conversation) at `nowMs`: one of `convId` itself, or one whose inviter is `adderId`
    /// (preferred when both apply, as it says more to the person asking). Nothing when free.
    std::optional<LeaveBlock> find(
        const QString& userId, const QString& convId, const QString& adderId, qint64 nowMs);

private:
    Database& m_db;
};

} // namespace palaver::server
