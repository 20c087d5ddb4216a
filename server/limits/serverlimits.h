#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QtGlobal>

namespace palaver::server {

/// A sustained rate with a burst: a token bucket that holds `burst` tokens and refills
/// `perMinute` of them a minute. `perMinute = 0` switches the limit off.
struct RateLimit
{
    int burst = 0;
    int perMinute = 0;
    bool enabled() const { return perMinute > 0 && burst > 0; }
    friend bool operator==(const RateLimit&, const RateLimit&) = default;
};

/// Who may connect and how much a connection may hold ([limits] in the config file).
struct ConnectionLimits
{
    int maxConnections = 10000; ///< WebSocket connections in total (more: HTTP 503)
    /// Open connections from one address (an office behind one NAT counts once): more are refused.
    int maxConnectionsPerIp = 500;
    /// Connections from one address that have not signed in yet; sign-in takes milliseconds, so a
    /// pile of them is someone holding sockets open.
    int maxPreAuthPerIp = 64;
    int maxSessionsPerUser = 20; ///< signed-in connections of one account (more: close 1008)
    int preAuthTimeoutMs = 15000; ///< sign in within this long of the upgrade, or close 1008
    /// Largest frame or message before signing in: login, auth and register are small.
    qint64 preAuthMaxFrameBytes = 16 * 1024;
    /// A message sent in fragments must be complete within this long (close 1008).
    int fragmentedMessageTimeoutMs = 20000;
    /// Unsent bytes one connection may have queued before it counts as a stalled reader.
    qint64 maxQueuedBytes = 8 * 1024 * 1024;
    /// Unsent bytes of all connections together. Past it, every connection with more than
    /// `stalledReaderBytes` queued is dropped, and replies pause reading their upstream.
    qint64 sendBudgetBytes = 256 * 1024 * 1024;
    qint64 stalledReaderBytes = 256 * 1024;
    /// Peers whose X-Forwarded-For / Forwarded header names the client (reverse proxies), as
    /// subnets; from anyone else those headers are ignored.
    QList<QPair<QHostAddress, int>> trustedProxies;
    /// Browser origins whose pages may open the socket (an `Origin` header not listed: HTTP 403).
    /// Native clients send no Origin. Empty: no browser page may.
    QStringList allowedOrigins;
};

/// Sign-in throttling and the password hashing queue.
struct SignInLimits
{
    /// Sign-ins (login, register) waiting for a hashing thread; more are refused rate_limited.
    int maxPendingHashes = 32;
    /// Failed sign-ins from one address before back-off starts, and the back-off: it starts at
    /// `backoffBaseMs` and doubles with each further failure up to `maxBackoffMs`.
    int freeFailuresPerIp = 10;
    /// Failed sign-ins to one account before back-off starts (across addresses and
    /// connections); its back-off also doubles up to `maxBackoffMs`, the lockout window.
    int freeFailuresPerAccount = 5;
    int backoffBaseMs = 1000;
    int maxBackoffMs = 15 * 60 * 1000;
    /// Failures are forgotten this long after the last one.
    int failureMemoryMs = 60 * 60 * 1000;
    RateLimit registrations { 5, 10 }; ///< `register` per address
};

/// Requests a signed-in client may make (token buckets) and the hub's inbound queue.
struct RequestLimits
{
    RateLimit perConnection { 600, 6000 }; ///< any frame, per connection
    RateLimit perUser { 1200, 12000 }; ///< any request, all of a user's connections together
    RateLimit messages { 30, 120 }; ///< message.send per user
    RateLimit typing { 20, 120 }; ///< typing per user
    RateLimit presence { 10, 30 }; ///< presence.set per user
    RateLimit roomCreation { 10, 10 }; ///< conversation.create of rooms and DMs per user
    RateLimit invites { 30, 60 }; ///< member.invite per user
    /// A connection that goes this many requests past its rate limit is closed (1008).
    int closeAfterRefusals = 200;
    /// Requests of one user (or one connection before sign-in) waiting for the hub; more are
    /// refused rate_limited. The hub serves users in turn, not in arrival order.
    int maxQueuedPerUser = 256;
};

/// Assistant replies: how many at once, how much history and how much reply.
struct GenerationLimits
{
    int maxRunningPerUser = 3; ///< replies asked for by one person, running at once
    int maxRunningPerServer = 64;
    /// Replies waiting for a free slot (one per conversation at most: a waiting reply answers
    /// everything up to when it starts); more are refused rate_limited.
    int maxQueuedPerUser = 8;
    int maxQueuedPerServer = 1000;
    int maxPromptMessages = 200; ///< newest messages read for a prompt, never the whole table
    /// The prompt budget (tokens) of a model that configures none.
    int defaultContextTokens = 16000;
    qint64 maxReplyBytes = 512 * 1024; ///< UTF-8 bytes of one reply's text (and reasoning)
    qint64 maxUpstreamLineBytes = 1024 * 1024; ///< one SSE / NDJSON line from the upstream
    int maxReplyDurationMs = 10 * 60 * 1000;
};

/// Rooms and who may put whom where.
struct RoomLimits
{
    int maxOwnedRooms = 200; ///< rooms one person owns
    int maxMembersPerRoom = 1000;
    int maxRoomsPerUser = 1000; ///< rooms and DMs a person is in (others cannot add more)
    int maxAiChatsPerUser = 10000; ///< private AI chats one person keeps
    /// After someone leaves a room, nobody can add them back to it, and whoever had added them
    /// cannot add them to any room, for this long.
    int leaveBlockHours = 7 * 24;
};

/// Every abuse limit of the server, in one place (docs/operations.md, "Limits and abuse").
struct ServerLimits
{
    ConnectionLimits connections;
    SignInLimits signIn;
    RequestLimits requests;
    GenerationLimits generations;
    RoomLimits rooms;
};

} // namespace palaver::server
