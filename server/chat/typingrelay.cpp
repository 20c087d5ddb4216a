#include "chat/typingrelay.h"

#include "chat/access.h"
#include "chat/membership.h"

namespace palaver::server {

using namespace palaver::protocol;

TypingRelay::TypingRelay(Membership& membership, Access& access, Fanout& fanout)
    : m_membership(membership)
    , m_access(access)
    , m_fanout(fanout)
{ }

void TypingRelay::typing(const SessionRef& session, const TypingRequest& request)
{
    if (!m_access.check(session, request.id, request.convId))
        return;
    m_fanout.toUsers(m_membership.others(request.convId, session.userId),
        TypingEvent {
            request.convId, UserInfo { session.userId, session.userName }, request.active });
}

} // namespace palaver::server
