#include "chat/access.h"

#include "chat/membership.h"
#include "store/chatstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

Access::Access(Membership& membership, ChatStore& store, Fanout& fanout)
    : m_membership(membership)
    , m_store(store)
    , m_fanout(fanout)
{ }

void Access::conversationNotFound(
    const SessionRef& session, const QString& requestId, const QString& convId)
{
    m_fanout.fail(
        session.sessionId, requestId, ErrorCode::NotFound, u"No conversation %1"_s.arg(convId));
}

void Access::generationNotFound(
    const SessionRef& session, const QString& requestId, const QString& genId)
{
    m_fanout.fail(
        session.sessionId, requestId, ErrorCode::NotFound, u"No generation %1"_s.arg(genId));
}

std::optional<std::pair<ErrorCode, QString>> Access::refusal(const Seat& seat, Action action)
{
    using R = std::pair<ErrorCode, QString>;
    if (action == Action::Use)
        return std::nullopt;
    switch (seat.kind) {
    case ConversationKind::Ai:
        if (action == Action::Update || action == Action::Delete)
            return std::nullopt; // its one member is its owner
        return R { ErrorCode::BadRequest,
            u"A private AI chat has no members; delete it instead"_s };
    case ConversationKind::Dm:
        switch (action) {
        case Action::Leave:
            return std::nullopt;
        case Action::Update:
            return R { ErrorCode::Forbidden,
                u"Nobody owns a direct message: it cannot be changed"_s };
        case Action::Delete:
            return R { ErrorCode::Forbidden,
                u"Nobody owns a direct message: it cannot be deleted; leave it instead"_s };
        case Action::Invite:
            return R { ErrorCode::Forbidden,
                u"A direct message is between two people; create a room to talk with more"_s };
        default:
            return R { ErrorCode::Forbidden,
                u"Nobody can be removed from a direct message; leave it instead"_s };
        }
    case ConversationKind::Room:
        if (action == Action::Leave || seat.role == MemberRole::Owner)
            return std::nullopt;
        switch (action) {
        case Action::Update:
            return R { ErrorCode::Forbidden,
                u"Only the room's owner can change its title, model or system prompt"_s };
        case Action::Delete:
            return R { ErrorCode::Forbidden, u"Only the room's owner can delete it"_s };
        case Action::Invite:
            return R { ErrorCode::Forbidden, u"Only the room's owner can invite people"_s };
        default:
            return R { ErrorCode::Forbidden, u"Only the room's owner can remove people"_s };
        }
    }
    return std::nullopt;
}

std::optional<Access::Seat> Access::check(
    const SessionRef& session, const QString& requestId, const QString& convId, Action action)
{
    const std::optional<MemberRole> role = m_membership.role(convId, session.userId);
    if (!role) {
        conversationNotFound(session, requestId, convId);
        return std::nullopt;
    }
    const Seat seat { m_membership.find(convId)->kind, *role };
    if (const auto refused = refusal(seat, action)) {
        m_fanout.fail(session.sessionId, requestId, refused->first, refused->second);
        return std::nullopt;
    }
    return seat;
}

std::optional<GenerationRecord> Access::generation(
    const SessionRef& session, const QString& requestId, const QString& genId)
{
    std::optional<GenerationRecord> record = m_store.generation(genId);
    if (!record || !m_membership.isMember(record->convId, session.userId)) {
        generationNotFound(session, requestId, genId);
        return std::nullopt;
    }
    return record;
}

} // namespace palaver::server
