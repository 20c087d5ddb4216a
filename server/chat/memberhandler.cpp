#include "chat/memberhandler.h"

#include "chat/access.h"
#include "chat/conversationviews.h"
#include "chat/generations.h"
#include "chat/membership.h"
#include "chat/roomrules.h"
#include "store/chatstore.h"
#include "store/userstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

MemberHandler::MemberHandler(const ChatServices& services)
    : m_services(services)
{ }

void MemberHandler::storeFailed(const SessionRef& session, const QString& requestId)
{
    m_services.fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
        u"The server could not store that: %1"_s.arg(m_services.store.errorString()));
}

void MemberHandler::invite(const SessionRef& session, const MemberInvite& request)
{
    if (!m_services.access.check(session, request.id, request.convId, Access::Action::Invite))
        return;
    const std::optional<StoredUser> user = m_services.users.findByName(request.username);
    if (!user || user->disabled) {
        m_services.fanout.fail(session.sessionId, request.id, ErrorCode::NotFound,
            u"No user %1"_s.arg(request.username));
        return;
    }
    // Already in: the wish is fulfilled, nothing changes.
    if (m_services.membership.isMember(request.convId, user->id)) {
        m_services.fanout.reply(session.sessionId, Ok { request.id });
        return;
    }
    if (const std::optional<RoomRules::Refusal> refusal = m_services.roomRules.refuseInvite(
            session.userId, request.convId, RoomRules::Person { user->id, user->name })) {
        m_services.fanout.fail(session.sessionId, request.id, refusal->code, refusal->message);
        return;
    }
    if (!m_services.store.members().join(
            request.convId, user->id, MemberRole::Member, session.userId))
        return storeFailed(session, request.id);
    m_services.membership.forget(request.convId);
    m_services.fanout.reply(session.sessionId, Ok { request.id });
    // The newcomer's list gains it; everyone else sees the new member.
    m_services.views.push(request.convId, m_services.membership.userIds(request.convId));
}

void MemberHandler::remove(const SessionRef& session, const MemberRemove& request)
{
    if (!m_services.access.check(session, request.id, request.convId, Access::Action::Remove))
        return;
    if (request.userId == session.userId) {
        m_services.fanout.fail(session.sessionId, request.id, ErrorCode::BadRequest,
            u"You cannot remove yourself; leave the room instead"_s);
        return;
    }
    if (!m_services.membership.isMember(request.convId, request.userId)) {
        m_services.fanout.fail(session.sessionId, request.id, ErrorCode::NotFound,
            u"No member %1 in this room"_s.arg(request.userId));
        return;
    }
    if (!m_services.store.members().remove(request.convId, request.userId))
        return storeFailed(session, request.id);
    m_services.membership.forget(request.convId);
    m_services.fanout.reply(session.sessionId, Ok { request.id });
    m_services.fanout.toUser(
        request.userId, ConversationDeleted { request.convId, RemovalReason::Removed });
    m_services.views.push(request.convId, m_services.membership.userIds(request.convId));
}

void MemberHandler::leave(const SessionRef& session, const ConversationLeave& request)
{
    if (!m_services.access.check(session, request.id, request.convId, Access::Action::Leave))
        return;
    // The last one out deletes it: its replies stop first, as for conversation.delete.
    if (m_services.membership.userIds(request.convId).size() == 1)
        m_services.generations.discardConversation(request.convId);
    // Remembered against the room and whoever had added them (RoomRules); being removed is not.
    const std::optional<LeaveOutcome> outcome = m_services.store.leaveConversation(
        request.convId, session.userId, m_services.roomRules.leaveBlock());
    if (!outcome)
        return storeFailed(session, request.id);
    m_services.membership.forget(request.convId);
    m_services.fanout.reply(session.sessionId, Ok { request.id });
    m_services.fanout.toUser(session.userId,
        ConversationDeleted { request.convId, RemovalReason::Left }, session.sessionId);
    if (outcome->remaining > 0)
        m_services.views.push(request.convId, m_services.membership.userIds(request.convId));
}

} // namespace palaver::server
