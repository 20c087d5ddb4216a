#include "chat/generationrunner.h"

#include "ai/provider.h"
#include "ai/upstreamerrors.h"
#include "chat/fanout.h"
#include "chat/membership.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "metrics/servermetrics.h"
#include "store/chatstore.h"

#include <QTextBoundaryFinder>

#include <utility>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {

/// The UTF-8 size of `text` (a lone surrogate counts as the 3 bytes of U+FFFD it becomes).
qint64 utf8Size(QStringView text)
{
    qint64 bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

/// The longest start of `text` of at most `maxBytes` UTF-8 bytes that ends on a grapheme
/// boundary: never half a surrogate pair, never a letter without its accent.
QString cutToUtf8(const QString& text, qint64 maxBytes)
{
    qint64 bytes = 0;
    qsizetype end = 0;
    while (end < text.size()) {
        const bool pair = text.at(end).isHighSurrogate() && end + 1 < text.size()
            && text.at(end + 1).isLowSurrogate();
        const qint64 size = utf8Size(QStringView(text).sliced(end, pair ? 2 : 1));
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        end += pair ? 2 : 1;
    }
    if (end == text.size())
        return text;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, text);
    graphemes.setPosition(end);
    if (!graphemes.isAtBoundary())
        end = qMax<qsizetype>(0, graphemes.toPreviousBoundary());
    return text.first(end);
}

QString durationText(int ms)
{
    if (ms >= 60000 && ms % 60000 == 0)
        return u"%1 min"_s.arg(ms / 60000);
    return u"%1 s"_s.arg(ms / 1000.0);
}

} // namespace

GenerationRunner::GenerationRunner(ChatStore& store, Fanout& fanout, Membership& membership,
    const GenerationStart& start, const GenerationLimits& limits, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
    , m_membership(membership)
    , m_start(start)
    , m_limits(limits)
{
    m_saveTimer.setInterval(saveIntervalMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &GenerationRunner::savePartial);
    m_flushTimer.setSingleShot(true);
    // Precise: the default coarse timer may fire up to 5 % late, which is not the point here.
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &GenerationRunner::flush);
    m_durationTimer.setSingleShot(true);
    connect(&m_durationTimer, &QTimer::timeout, this, [this] {
        // Wall-clock time, pauses included: the cap bounds how long a reply holds its slot and
        // its upstream connection.
        end(FinishReason::Interrupted,
            ErrorInfo { ErrorCode::UpstreamError,
                u"The reply was cut after %1, the server's limit"_s.arg(
                    durationText(m_limits.maxReplyDurationMs)) },
            true);
    });
}

void GenerationRunner::run(Provider& provider, const CompletionRequest& request)
{
    m_running = true;
    m_sinceRun.start();
    if (m_metrics) {
        m_metrics->generationsStarted.add();
        m_metrics->generationsRunning.add(1);
    }
    m_completion = provider.start(request, this);
    connect(m_completion, &Completion::delta, this, &GenerationRunner::onDelta);
    connect(m_completion, &Completion::usageReported, this,
        [this](const Usage& usage) { m_usage = usage; });
    connect(m_completion, &Completion::statusChanged, this,
        [this](GenerationState state, std::optional<qint64> retryInMs) {
            publish(GenerationStatus { m_start.convId, m_start.genId, state, retryInMs });
        });
    connect(m_completion, &Completion::finished, this,
        [this](FinishReason finish, const std::optional<ErrorInfo>& error) {
            end(finish, error, false);
        });
    m_saveTimer.start();
    if (m_limits.maxReplyDurationMs > 0)
        m_durationTimer.start(m_limits.maxReplyDurationMs);
    if (m_paused)
        m_completion->setPaused(true);
}

void GenerationRunner::setPaused(bool paused)
{
    if (m_ended || paused == m_paused)
        return;
    m_paused = paused;
    if (m_completion)
        m_completion->setPaused(paused);
}

void GenerationRunner::stop(FinishReason finish)
{
    end(finish, std::nullopt, true);
}

void GenerationRunner::discard()
{
    if (m_ended)
        return;
    m_ended = true;
    m_saveTimer.stop();
    m_durationTimer.stop();
    m_flushTimer.stop();
    releaseCompletion(true);
    if (m_running && m_metrics)
        m_metrics->generationsRunning.add(-1);
    m_running = false;
    Q_EMIT ended(m_start.genId);
}

LiveGeneration GenerationRunner::live() const
{
    return LiveGeneration { m_start.genId, m_start.msgId, m_text, m_deltaSeq };
}

std::optional<QList<GenerationDelta>> GenerationRunner::deltasAfter(qint64 afterDeltaSeq) const
{
    const qint64 firstBuffered = m_deltaSeq - m_deltaEnds.size() + 1;
    if (afterDeltaSeq + 1 < firstBuffered)
        return std::nullopt;
    const qsizetype from = qMax<qsizetype>(0, afterDeltaSeq + 1 - firstBuffered);
    QList<GenerationDelta> deltas;
    deltas.reserve(m_deltaEnds.size() - from);
    for (qsizetype i = from; i < m_deltaEnds.size(); ++i) {
        const DeltaEnd start = i == 0 ? m_droppedEnd : m_deltaEnds.at(i - 1);
        const DeltaEnd end = m_deltaEnds.at(i);
        deltas.append(GenerationDelta { m_start.convId, m_start.genId, firstBuffered + i,
            m_text.sliced(start.text, end.text - start.text),
            m_reasoning.sliced(start.reasoning, end.reasoning - start.reasoning) });
    }
    return deltas;
}

void GenerationRunner::onDelta(QString text, QString reasoning)
{
    if (m_ended)
        return;
    bool overCap = false;
    if (m_limits.maxReplyBytes > 0) {
        const qint64 room = m_limits.maxReplyBytes - m_replyBytes;
        const qint64 textBytes = utf8Size(text);
        if (textBytes > room) {
            text = cutToUtf8(text, room);
            reasoning.clear();
            overCap = true;
        } else if (utf8Size(reasoning) > room - textBytes) {
            reasoning = cutToUtf8(reasoning, room - textBytes);
            overCap = true;
        }
        m_replyBytes += utf8Size(text) + utf8Size(reasoning);
    }
    if (!text.isEmpty() || !reasoning.isEmpty()) {
        ++m_upstreamDeltas;
        relay(text, reasoning);
    }
    if (overCap) {
        end(FinishReason::Interrupted,
            ErrorInfo { ErrorCode::UpstreamError,
                u"The reply was cut at %1, the server's limit"_s.arg(
                    upstreamerrors::sizeText(m_limits.maxReplyBytes)) },
            true);
    }
}

void GenerationRunner::relay(const QString& text, const QString& reasoning)
{
    if (!m_flushTimer.isActive()
        && (!m_sincePublish.isValid() || m_sincePublish.elapsed() >= coalesceMs)) {
        publishDelta(text, reasoning);
        return;
    }
    m_pendingText += text;
    m_pendingReasoning += reasoning;
    if (m_pendingText.size() + m_pendingReasoning.size() >= maxCoalescedChars) {
        flush();
        return;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start(int(qMax<qint64>(0, coalesceMs - m_sincePublish.elapsed())));
}

void GenerationRunner::flush()
{
    m_flushTimer.stop();
    if (m_pendingText.isEmpty() && m_pendingReasoning.isEmpty())
        return;
    const QString text = std::exchange(m_pendingText, QString());
    const QString reasoning = std::exchange(m_pendingReasoning, QString());
    publishDelta(text, reasoning);
}

void GenerationRunner::publishDelta(const QString& text, const QString& reasoning)
{
    if (m_firstTokenNs < 0 && m_running) {
        m_firstTokenNs = m_sinceRun.nsecsElapsed();
        if (m_metrics)
            m_metrics->timeToFirstToken.with(m_start.model).observe(double(m_firstTokenNs) / 1e9);
    }
    m_text += text;
    m_reasoning += reasoning;
    m_deltaEnds.append(DeltaEnd { m_text.size(), m_reasoning.size() });
    if (m_deltaEnds.size() > maxBufferedDeltas)
        m_droppedEnd = m_deltaEnds.takeFirst();
    m_dirty = true;
    m_sincePublish.start();
    publish(GenerationDelta { m_start.convId, m_start.genId, ++m_deltaSeq, text, reasoning });
    Q_EMIT deltaPublished();
}

void GenerationRunner::releaseCompletion(bool abortUpstream)
{
    if (!m_completion)
        return;
    disconnect(m_completion, nullptr, this, nullptr);
    // abort() may emit synchronously (QNetworkReply does): we are disconnected by now.
    if (abortUpstream)
        m_completion->abort();
    m_completion->deleteLater();
    m_completion = nullptr;
}

void GenerationRunner::end(
    FinishReason finish, const std::optional<ErrorInfo>& error, bool abortUpstream)
{
    if (m_ended)
        return;
    // What was merged and not sent yet goes out before the end, which holds the whole text.
    flush();
    m_ended = true;
    m_saveTimer.stop();
    m_durationTimer.stop();
    releaseCompletion(abortUpstream);
    noteEnd(finish, error);
    const std::optional<GenerationEnd> stored
        = m_store.endGeneration(m_start.genId, finish, m_text, m_deltaSeq, m_usage, error);
    if (stored) {
        publish(*stored);
    } else {
        publish(Error { QString(), ErrorCode::Internal,
            u"The end of reply %1 could not be stored: %2"_s.arg(
                m_start.genId, m_store.errorString()),
            std::nullopt });
    }
    Q_EMIT ended(m_start.genId);
}

void GenerationRunner::noteEnd(FinishReason finish, const std::optional<ErrorInfo>& error)
{
    if (!m_running)
        return;
    m_running = false;
    if (error) {
        LogEvent(lcChat(), QtWarningMsg,
            u"reply %1 in %2 (model %3) ended %4: %5"_s.arg(
                m_start.genId, m_start.convId, m_start.model, wireName(finish), error->message))
            .field("event", u"upstream-error"_s)
            .field("model", m_start.model)
            .field("kind", errorCodeName(error->code))
            .field("error", error->message);
    }
    if (!m_metrics)
        return;
    m_metrics->generationsRunning.add(-1);
    m_metrics->generationsFinished.with(wireName(finish)).add();
    if (error)
        m_metrics->upstreamErrors.with(errorCodeName(error->code)).add();
    // The streaming rate after the first token: the upstream's usage when it said, else its
    // deltas (not ours: several of its deltas may have gone out as one).
    const double streamingSeconds
        = m_firstTokenNs < 0 ? 0 : double(m_sinceRun.nsecsElapsed() - m_firstTokenNs) / 1e9;
    const qint64 tokens
        = m_usage && m_usage->outputTokens > 0 ? m_usage->outputTokens : m_upstreamDeltas;
    if (streamingSeconds > 0.001 && tokens > 1)
        m_metrics->tokensPerSecond.with(m_start.model).observe(double(tokens) / streamingSeconds);
}

void GenerationRunner::publish(const ServerMessage& message)
{
    m_fanout.toUsers(m_membership.userIds(m_start.convId), message);
}

void GenerationRunner::savePartial()
{
    if (!m_dirty)
        return;
    if (m_store.savePartial(m_start.genId, m_text, m_deltaSeq))
        m_dirty = false;
}

} // namespace palaver::server
