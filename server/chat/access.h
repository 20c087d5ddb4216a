#pragma once

#include "chat/fanout.h"
#include "protocol/messages.h"

#include <optional>

namespace palaver::server {

class ChatStore;
class Membership;
struct GenerationRecord;

/// The one place that decides who may do what to a conversation, and answers the request when
/// they may not. The policy (docs/protocol.md, "Who can see what"):
/// - someone who is not a member gets `not_found`, word for word what an id that never existed
///   gets, so nothing about the conversation's existence leaks; the same for its generations;
/// - a member lacking the right gets `forbidden`: only a room's owner changes, deletes, invites
///   and removes; nobody owns a direct message; the owner of a private AI chat does everything
///   to it, but it has no members to invite, remove or leave (`bad_request`).
class Access
{
public:
    /// What a request wants to do to a conversation.
    enum class Action {
        Use, ///< read it, write in it, stop or retry its replies, typing, read markers
        Update, ///< title, model, system prompt
        Delete,
        Invite,
        Remove,
        Leave,
    };

    /// The caller's place in a conversation.
    struct Seat
    {
        protocol::ConversationKind kind = protocol::ConversationKind::Ai;
        protocol::MemberRole role = protocol::MemberRole::Member;
    };

    Access(Membership& membership, ChatStore& store, Fanout& fanout);

    /// The caller's seat when `action` is allowed; otherwise nothing, after answering the request
    /// (`not_found`, `forbidden` or `bad_request`, see the class comment).
    std::optional<Seat> check(const SessionRef& session, const QString& requestId,
        const QString& convId, Action action = Action::Use);
    /// The stored generation when the caller is a member of its conversation; otherwise nothing,
    /// after answering `not_found`.
    std::optional<GenerationRecord> generation(
        const SessionRef& session, const QString& requestId, const QString& genId);

    /// The answer to anyone asking about a conversation that is not theirs, or that never was.
    void conversationNotFound(
        const SessionRef& session, const QString& requestId, const QString& convId);
    void generationNotFound(
        const SessionRef& session, const QString& requestId, const QString& genId);

private:
    /// Why `seat` may not do `action`: the error code and text; nothing when it may.
    static std::optional<std::pair<protocol::ErrorCode, QString>> refusal(
        const Seat& seat, Action action);

    Membership& m_membership;
    ChatStore& m_store;
    Fanout& m_fanout;
};

} // namespace palaver::server
