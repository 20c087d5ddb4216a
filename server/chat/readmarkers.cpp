#include "chat/readmarkers.h"

#include "chat/access.h"
#include "chat/membership.h"
#include "store/memberstore.h"

namespace palaver::server {

using namespace palaver::protocol;

ReadMarkers::ReadMarkers(MemberStore& members, Membership& membership, Access& access,
    Fanout& fanout, ReadPushCoalescer::Clock clock)
    : m_members(members)
    , m_membership(membership)
    , m_access(access)
    , m_fanout(fanout)
    , m_ownWrites(
          [this](const QString& convId, const QString& userId, std::optional<qint64> seq) {
              // A trailing edge: the marker as it is now (a `read` may have moved it further,
              // or the writer may have left).
              if (!seq)
                  seq = m_members.readMarker(convId, userId);
              if (seq)
                  publish(convId, userId, *seq);
          },
          std::move(clock))
{ }

void ReadMarkers::read(const SessionRef& session, const ReadRequest& request)
{
    if (!m_access.check(session, request.id, request.convId))
        return;
    advance(request.convId, session.userId, request.seq);
    // Answered also when nothing moved: the marker is where the client asked, or further.
    if (!request.id.isEmpty())
        m_fanout.reply(session.sessionId, Ok { request.id });
}

bool ReadMarkers::advance(const QString& convId, const QString& userId, qint64 seq)
{
    const std::optional<qint64> moved = m_members.advanceRead(convId, userId, seq);
    if (!moved)
        return false;
    publish(convId, userId, *moved);
    return true;
}

void ReadMarkers::publish(const QString& convId, const QString& userId, qint64 seq)
{
    m_fanout.toUsers(
        m_membership.others(convId, userId), ReadEvent { convId, userId, seq, std::nullopt });
    if (m_fanout.isOnline(userId)) { // the unread count is a query: only for someone to see it
        m_fanout.toUser(
            userId, ReadEvent { convId, userId, seq, m_members.unread(convId, userId, seq) });
    }
}

void ReadMarkers::wrote(const QString& convId, const QString& userId, qint64 seq)
{
    m_ownWrites.moved(convId, userId, seq);
}

} // namespace palaver::server
