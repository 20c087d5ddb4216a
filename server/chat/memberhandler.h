#pragma once

#include "chat/chatservices.h"
#include "chat/fanout.h"
#include "protocol/messages.h"

namespace palaver::server {

/// Who is in a room or a DM: member.invite and member.remove (a room's owner only) and
/// conversation.leave (anyone in a room or a DM). Invites pass RoomRules (caps, leave blocks);
/// a leave is remembered there, a removal is not. Every change reaches the members as their
/// updated `conversation`, and the person who is no longer in it as `conversation.deleted` with
/// the reason. When a room's owner leaves, its longest-standing member owns it; when the last
/// person leaves, the conversation is deleted with everything in it.
class MemberHandler
{
public:
    explicit MemberHandler(const ChatServices& services);

    void invite(const SessionRef& session, const protocol::MemberInvite& request);
    void remove(const SessionRef& session, const protocol::MemberRemove& request);
    void leave(const SessionRef& session, const protocol::ConversationLeave& request);

private:
    void storeFailed(const SessionRef& session, const QString& requestId);

    ChatServices m_services;
};

} // namespace palaver::server
