#pragma once

#include "limits/tokenbucket.h"
#include "protocol/messages.h"

#include <QHostAddress>
#include <optional>

namespace palaver::server {

struct SharedLimits;

/// The rate limits one connection's requests pass before they reach the hub: the connection's
/// own bucket (every frame), its user's (every request of all their connections) and the bucket
/// of the request's kind (messages, typing, presence, room creation, invites, sign-ups). Lives in
/// the connection's worker thread; the shared buckets are thread-safe.
class RequestGate
{
public:
    struct Refusal
    {
        QString limit; ///< the limit's name, for the log and metrics
        qint64 retryAfterMs = 0;
    };

    RequestGate(SharedLimits& shared, qint64 nowMs);

    /// Nothing when `message` may go on; otherwise which limit refused it and when to retry.
    std::optional<Refusal> check(const protocol::ClientMessage& message, const QString& userId,
        const QHostAddress& address, qint64 nowMs);
    /// Whether the connection went past its limits so often lately that it is closed (1008).
    bool abusive() const { return m_refusals > m_closeAfter; }

private:
    SharedLimits& m_shared;
    TokenBucket m_connection;
    const int m_closeAfter;
    int m_refusals = 0;
    qint64 m_windowStartMs = 0;
};

} // namespace palaver::server
