#include "chat/readmarkers.h"

#include "chat/access.h"
#include "chat/membership.h"
#include "store/memberstore.h"

namespace palaver::server {

using namespace palaver::protocol;

ReadMarkers::ReadMarkers(
    MemberStore& members, Membership& membership, Access& access, Fanout& fanout)
    : m_members(members)
    , m_membership(membership)
    , m_access(access)
    , m_fanout(fanout)
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
    m_fanout.toUser(
        userId, ReadEvent { convId, userId, seq, m_members.unread(convId, userId, seq) });
}

} // namespace palaver::server
