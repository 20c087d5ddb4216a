#pragma once

#include "limits/serverlimits.h"
#include "protocol/messages.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

namespace palaver::server {

class ChatStore;
class Completion;
class Fanout;
class Membership;
class Provider;
struct ServerMetrics;
struct CompletionRequest;

/// One assistant reply while it streams. It belongs to the server, not to a connection: it reads
/// the provider's completion, numbers and publishes the deltas to the connections of everyone in
/// the conversation at that moment (a member who joins mid-reply gets the rest, one removed gets
/// no more), keeps them in memory for resume, saves the partial text every second and stores the
/// end.
///
/// It bounds the reply whatever the provider (the demo model included): past
/// GenerationLimits::maxReplyBytes (UTF-8 of text and reasoning) or maxReplyDurationMs the reply
/// ends `interrupted` with a readable `upstream_error`, the upstream request aborted and the text
/// so far kept, cut exactly at the byte cap on a grapheme boundary; so its generation.end frame
/// is bounded too.
class GenerationRunner : public QObject
{
    Q_OBJECT
public:
    static constexpr int saveIntervalMs = 1000;
    static constexpr qsizetype maxBufferedDeltas = 4096; ///< older ones are served as a snapshot
    /// Deltas closer together than this are merged into one (one frame tick): a delta that
    /// follows a quiet spell of this long goes out at once (the first one always does), the
    /// ones after it wait at most this long and go out together. Fewer, larger frames for every
    /// reader; the stored text and generation.end are the same.
    static constexpr int coalesceMs = 16;
    /// A merged delta goes out as soon as it holds this many characters: a fast upstream's
    /// megabytes stay many frames of a bounded size (the send queues' bounds and the pacing,
    /// which checks after each delta, are about frames like that), not one huge frame per tick.
    static constexpr qsizetype maxCoalescedChars = 2048;

    GenerationRunner(ChatStore& store, Fanout& fanout, Membership& membership,
        const protocol::GenerationStart& start, const GenerationLimits& limits,
        QObject* parent = nullptr);

    void run(Provider& provider, const CompletionRequest& request);
    /// Stops (true) or goes on (false) reading the upstream: see Completion::setPaused.
    void setPaused(bool paused);
    /// Ends it now with `finish` (Stopped or Interrupted), aborting the upstream request.
    void stop(protocol::FinishReason finish);
    /// Aborts without storing anything (its conversation was deleted).
    void discard();

    const protocol::GenerationStart& info() const { return m_start; }
    qint64 deltaSeq() const { return m_deltaSeq; }
    QString text() const { return m_text; }
    protocol::LiveGeneration live() const;
    /// The deltas after `afterDeltaSeq`, or nothing when the buffer no longer reaches back.
    std::optional<QList<protocol::GenerationDelta>> deltasAfter(qint64 afterDeltaSeq) const;

    /// Where the reply is counted (may stay unset): started, running, finished, time to the
    /// first token, tokens per second, upstream errors.
    void setMetrics(ServerMetrics* metrics) { m_metrics = metrics; }

Q_SIGNALS:
    void ended(const QString& genId);
    /// A delta went out to the readers (Generations checks the send queues after each: a fast
    /// upstream delivers megabytes between two ticks of a timer).
    void deltaPublished();

private:
    /// Counts and logs the end of a reply that ran.
    void noteEnd(protocol::FinishReason finish, const std::optional<protocol::ErrorInfo>& error);

    /// Relays a delta within the byte cap; the one that reaches the cap is cut and ends the reply.
    void onDelta(QString text, QString reasoning);
    /// Publishes at once or merges into the pending delta (coalesceMs).
    void relay(const QString& text, const QString& reasoning);
    /// Publishes the pending delta, if any.
    void flush();
    void publishDelta(const QString& text, const QString& reasoning);
    void end(protocol::FinishReason finish, const std::optional<protocol::ErrorInfo>& error,
        bool abortUpstream);
    void releaseCompletion(bool abortUpstream);
    void savePartial();
    /// To the conversation's members (the cache: no database query per delta).
    void publish(const protocol::ServerMessage& message);

    ChatStore& m_store;
    Fanout& m_fanout;
    Membership& m_membership;
    protocol::GenerationStart m_start;
    Completion* m_completion = nullptr;
    GenerationLimits m_limits;
    QTimer m_saveTimer;
    QTimer m_durationTimer; ///< maxReplyDurationMs
    QTimer m_flushTimer; ///< publishes the pending delta
    QElapsedTimer m_sincePublish; ///< since the last delta went out
    QString m_pendingText; ///< merged, not published yet
    QString m_pendingReasoning;
    /// Where each of the last maxBufferedDeltas published deltas ends in m_text and
    /// m_reasoning: deltasAfter() cuts them out again. Two offsets a delta instead of a
    /// GenerationDelta (four strings, one of them allocated) took the memory of a stream from
    /// about 190 to 108 KB at 500 tokens (relay-200).
    struct DeltaEnd
    {
        qsizetype text = 0;
        qsizetype reasoning = 0;
    };
    QList<DeltaEnd> m_deltaEnds;
    DeltaEnd m_droppedEnd; ///< the end of the last delta no longer buffered
    /// All the reasoning published (m_text holds the text): bounded by maxReplyBytes.
    QString m_reasoning;
    QString m_text;
    qint64 m_deltaSeq = 0;
    qint64 m_upstreamDeltas = 0; ///< as the completion sent them (several may make one delta)
    qint64 m_replyBytes = 0; ///< UTF-8 bytes of text and reasoning so far
    std::optional<protocol::Usage> m_usage;
    bool m_dirty = false;
    bool m_ended = false;
    bool m_paused = false;
    ServerMetrics* m_metrics = nullptr;
    bool m_running = false; ///< run() was called and the end not counted yet
    QElapsedTimer m_sinceRun;
    qint64 m_firstTokenNs = -1; ///< m_sinceRun's time at the first delta
};

} // namespace palaver::server
