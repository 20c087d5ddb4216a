#pragma once

#include "limits/serverlimits.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace palaver::server {

/// Who may start an assistant reply now, and the replies waiting for a free slot: the
/// bookkeeping of the reply caps (GenerationLimits), with no store and no network.
///
/// The policy: a reply runs at once when its conversation has no reply running or waiting, the
/// person who asked for it has fewer than maxRunningPerUser running and the server fewer than
/// maxRunningPerServer. Otherwise it waits; a conversation has at most one waiting reply, and a
/// waiting reply answers the conversation's latest message when it starts, so a new message in a
/// conversation whose reply already waits needs none of its own (Absorbed): 2000 messages in one
/// chat make one running and one waiting reply. Waiting replies start in the order they came as
/// slots free up, each when its own caps allow (so one busy person cannot hold everyone else's
/// back). Past maxQueuedPerUser waiting replies of one person, or maxQueuedPerServer in all, a
/// request is Refused with a message for the person.
class ReplyQueue
{
public:
    /// One reply asked for: to the conversation's latest message (a message that addresses the
    /// assistant), or a continue / retry of the ended generation `genId`.
    struct Request
    {
        enum class Kind { Latest, Continue, Retry };
        Kind kind = Kind::Latest;
        QString requesterId;
        QString convId;
        QString genId; ///< the ended generation to continue or retry
    };

    enum class Verdict {
        Start, ///< start it now (and report it with started())
        Queued, ///< it waits; takeNextStartable() hands it out later
        Absorbed, ///< the conversation's waiting reply will answer it
        Refused, ///< over a queue cap, or a continue / retry where a reply already waits
    };
    struct Decision
    {
        Verdict verdict = Verdict::Start;
        QString refusal; ///< for Refused: what the person is told
    };

    explicit ReplyQueue(const GenerationLimits& limits);

    Decision admit(const Request& request);
    /// A reply started (admitted with Start, or handed out by takeNextStartable()).
    void started(const QString& genId, const QString& requesterId, const QString& convId);
    void ended(const QString& genId);
    /// The first waiting reply whose caps allow it to start now, removed from the queue; the
    /// caller starts it (and reports started()) before asking for the next.
    std::optional<Request> takeNextStartable();
    /// Drops the conversation's waiting reply (the conversation is gone, or its reply was
    /// stopped); true if there was one.
    bool dropWaiting(const QString& convId);
    /// Drops every waiting reply (server shutdown).
    void dropAllWaiting() { m_waiting.clear(); }

    int runningCount() const { return int(m_running.size()); }
    int waitingCount() const { return int(m_waiting.size()); }
    int runningOf(const QString& userId) const;
    int waitingOf(const QString& userId) const;
    bool isRunningIn(const QString& convId) const;
    bool isWaitingIn(const QString& convId) const;

    /// The retry estimate sent with a refusal: about how long a reply takes to make room.
    static constexpr qint64 retryAfterMs = 5000;

private:
    bool canStart(const QString& requesterId, const QString& convId) const;
    QString refusalFor(const Request& request, const QString& reason) const;

    struct Running
    {
        QString requesterId;
        QString convId;
    };

    GenerationLimits m_limits;
    QHash<QString, Running> m_running; ///< by genId
    QList<Request> m_waiting; ///< oldest first
};

} // namespace palaver::server
