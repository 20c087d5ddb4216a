#pragma once

#include "chat/fanout.h"
#include "chat/replyqueue.h"
#include "limits/serverlimits.h"
#include "protocol/messages.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace palaver::server {

class Access;
class ChatStore;
class GenerationRunner;
struct GenerationRecord;
class Membership;
class ModelRegistry;
class SendBudget;
struct ServerMetrics;

/// Every assistant reply of the server: starts them after a user message, stops and resumes them
/// on request, reports the live ones for `sync`, and turns those a crash or a shutdown left
/// unfinished into `interrupted`. A reply belongs to its conversation: all its members see it
/// stream, and any of them may stop, resume, continue or retry it; to anyone else its id does
/// not exist (`not_found`).
///
/// Replies are capped (GenerationLimits, see ReplyQueue for the policy): one running per
/// conversation, maxRunningPerUser per person who asked, maxRunningPerServer in all. A message
/// over a cap is stored and acknowledged as always; its reply waits, sending nothing until it
/// starts, or is refused with `rate_limited` when too many wait. A prompt reads at most
/// maxPromptMessages stored messages, and while the connections' send queues are congested
/// (SendBudget) running replies stop reading their upstream.
class Generations : public QObject
{
    Q_OBJECT
public:
    /// Where replies are counted (may stay unset).
    void setMetrics(ServerMetrics* metrics) { m_metrics = metrics; }

    /// How often the paused replies check whether the send queues are still congested (a
    /// running one checks after each delta it relays).
    static constexpr int paceIntervalMs = 50;

    /// `sendBudget` may be null (nothing paces the replies then).
    Generations(ChatStore& store, Fanout& fanout, Membership& membership, Access& access,
        const ModelRegistry& models, const GenerationLimits& limits,
        const SendBudget* sendBudget = nullptr, QObject* parent = nullptr);

    /// At start-up: marks every generation still `streaming` in the store as interrupted.
    int recoverInterrupted();
    /// Starts (or queues, see ReplyQueue) the assistant's reply to the conversation's latest
    /// message, with the conversation's model (the default one if it has none or an unknown one)
    /// and system prompt, and as much of its newest history as the model's prompt budget holds.
    /// `requesterId` hears about it if it cannot start or is refused.
    void start(const QString& requesterId, const protocol::Conversation& conversation);
    /// Stops a running reply; its conversation's waiting reply, if any, is dropped too (Stop
    /// means: the assistant stops answering here until someone asks again).
    void stop(const SessionRef& session, const protocol::GenerationStop& request);
    void resume(const SessionRef& session, const protocol::GenerationResume& request);
    /// A new reply that goes on from an ended one's partial text (`generation.continue`).
    void continueGeneration(const SessionRef& session, const protocol::GenerationContinue& request);
    /// A new reply to the question an ended one answered (`generation.retry`).
    void retry(const SessionRef& session, const protocol::GenerationRetry& request);
    QList<protocol::LiveGeneration> live(const QString& convId) const;
    /// Aborts the conversation's running replies without storing, and drops its waiting one (it
    /// is being deleted).
    void discardConversation(const QString& convId);
    /// At the start of a graceful shutdown: drops the waiting replies and starts no more; the
    /// running ones go on (their end is awaited with runningCount() and generationEnded).
    void drain();
    /// Ends every running reply as interrupted and drops the waiting ones (server shutdown).
    void interruptAll();
    int runningCount() const { return int(m_running.size()); }
    /// Replies waiting for a free slot.
    int waitingCount() const { return m_queue.waitingCount(); }

Q_SIGNALS:
    void generationEnded(const QString& genId);

private:
    /// Starts `request` now: reads its prompt from the store (newest maxPromptMessages) and
    /// launches it; false when there is nothing to start any more (the conversation or the
    /// generation is gone).
    bool startNow(const ReplyQueue::Request& request);
    /// Starts a reply whose prompt is `messages` (and the continue instruction when asked).
    void launch(const QString& requesterId, const protocol::Conversation& conversation,
        const QList<protocol::ChatMessage>& messages, bool continuation);
    /// Admits a continue or retry: `ok` and started or queued, or `rate_limited` to the request.
    void admitFollowUp(const SessionRef& session, const QString& requestId,
        ReplyQueue::Request::Kind kind, const GenerationRecord& record);
    /// Starts the waiting replies that now may (soon after a reply ended: never from inside it).
    void scheduleStartWaiting();
    void startWaiting();
    /// Tells the person a reply was refused (logged once a minute per person).
    void logRefusal(const QString& requesterId, const QString& refusal);
    /// Pauses or resumes every running reply as the send queues fill up or drain.
    void pace();
    /// The stored record of an ended generation in one of the caller's conversations, or nothing
    /// after answering the request with `conflict` or `not_found`.
    std::optional<GenerationRecord> endedGeneration(
        const SessionRef& session, const QString& requestId, const QString& genId);

    ChatStore& m_store;
    Fanout& m_fanout;
    Membership& m_membership;
    Access& m_access;
    const ModelRegistry& m_models;
    const GenerationLimits m_limits;
    const SendBudget* m_sendBudget;
    ServerMetrics* m_metrics = nullptr;
    ReplyQueue m_queue;
    QHash<QString, GenerationRunner*> m_running;
    QTimer m_paceTimer;
    bool m_paused = false; ///< the running replies are paused (send queues congested)
    bool m_startScheduled = false;
    bool m_draining = false; ///< shutting down: no reply starts any more
    QHash<QString, QElapsedTimer> m_refusalLogged; ///< by person: when last logged
};

} // namespace palaver::server
