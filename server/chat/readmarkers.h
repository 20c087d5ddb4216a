#pragma once

#include "chat/fanout.h"
#include "chat/readpushcoalescer.h"
#include "protocol/messages.h"

namespace palaver::server {

class Access;
class MemberStore;
class Membership;

/// Each member's read marker (`read`): how far they have read a conversation. A marker only moves
/// forward and never past the conversation's last seq. When it moves, the other members hear
/// `read {convId, userId, seq}` and the reader's own connections also get their new unread count.
/// A marker moved by the reader's own messages is pushed coalesced (ReadPushCoalescer: at once,
/// then at most once per second while they keep writing); a `read` request is pushed at once.
class ReadMarkers
{
public:
    ReadMarkers(MemberStore& members, Membership& membership, Access& access, Fanout& fanout,
        ReadPushCoalescer::Clock clock = {});

    void read(const SessionRef& session, const protocol::ReadRequest& request);
    /// Moves `userId`'s marker towards `seq` (their own message was stored there, say) and pushes
    /// the change; false when it did not move.
    bool advance(const QString& convId, const QString& userId, qint64 seq);
    /// Pushes `userId`'s marker, now at `seq`.
    void publish(const QString& convId, const QString& userId, qint64 seq);
    /// `userId`'s own message (now committed) moved their marker to `seq`: pushed coalesced.
    void wrote(const QString& convId, const QString& userId, qint64 seq);

private:
    MemberStore& m_members;
    Membership& m_membership;
    Access& m_access;
    Fanout& m_fanout;
    ReadPushCoalescer m_ownWrites;
};

} // namespace palaver::server
