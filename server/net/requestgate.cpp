#include "net/requestgate.h"

#include "limits/addresskey.h"
#include "limits/sharedlimits.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {
// Refusals are counted over a minute: a client that slows down when told is never closed.
constexpr qint64 refusalWindowMs = 60000;

/// The kind-specific limiter of a request and its name, if it has one.
std::pair<RateLimiter*, QString> kindLimit(SharedLimits& shared, const ClientMessage& message)
{
    if (std::holds_alternative<MessageSend>(message))
        return { &shared.messages, u"messages"_s };
    if (std::holds_alternative<TypingRequest>(message))
        return { &shared.typing, u"typing"_s };
    if (std::holds_alternative<PresenceSet>(message))
        return { &shared.presence, u"presence"_s };
    if (std::holds_alternative<MemberInvite>(message))
        return { &shared.invites, u"invites"_s };
    if (const auto* create = std::get_if<ConversationCreate>(&message);
        create && create->kind != ConversationKind::Ai)
        return { &shared.roomCreation, u"rooms-created"_s };
    return { nullptr, QString() };
}
} // namespace

RequestGate::RequestGate(SharedLimits& shared, qint64 nowMs)
    : m_shared(shared)
    , m_connection(shared.limits.requests.perConnection, nowMs)
    , m_closeAfter(shared.limits.requests.closeAfterRefusals)
    , m_windowStartMs(nowMs)
{ }

std::optional<RequestGate::Refusal> RequestGate::check(
    const ClientMessage& message, const QString& userId, const QHostAddress& address, qint64 nowMs)
{
    if (nowMs - m_windowStartMs > refusalWindowMs) {
        m_windowStartMs = nowMs;
        m_refusals = 0;
    }
    const auto refuse = [this](const QString& limit, qint64 retryAfterMs) {
        ++m_refusals;
        return Refusal { limit, retryAfterMs };
    };
    qint64 retryAfterMs = 0;
    if (!m_connection.take(nowMs, &retryAfterMs))
        return refuse(u"connection-requests"_s, retryAfterMs);
    if (std::holds_alternative<Register>(message)
        && !m_shared.registrations.take(addressKey(address).toString(), nowMs, &retryAfterMs))
        return refuse(u"registrations"_s, retryAfterMs);
    if (userId.isEmpty())
        return std::nullopt; // before sign-in only login, auth, register and ping get through
    if (!m_shared.userRequests.take(userId, nowMs, &retryAfterMs))
        return refuse(u"user-requests"_s, retryAfterMs);
    const auto [limiter, name] = kindLimit(m_shared, message);
    if (limiter && !limiter->take(userId, nowMs, &retryAfterMs))
        return refuse(name, retryAfterMs);
    return std::nullopt;
}

} // namespace palaver::server
