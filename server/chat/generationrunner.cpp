#include "chat/generationrunner.h"

#include "ai/provider.h"
#include "chat/fanout.h"
#include "chat/membership.h"
#include "store/chatstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

GenerationRunner::GenerationRunner(ChatStore& store, Fanout& fanout, Membership& membership,
    const GenerationStart& start, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
    , m_membership(membership)
    , m_start(start)
{
    m_saveTimer.setInterval(saveIntervalMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &GenerationRunner::savePartial);
}

void GenerationRunner::run(Provider& provider, const CompletionRequest& request)
{
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
    releaseCompletion(true);
    Q_EMIT ended(m_start.genId);
}

LiveGeneration GenerationRunner::live() const
{
    return LiveGeneration { m_start.genId, m_start.msgId, m_text, m_deltaSeq };
}

std::optional<QList<GenerationDelta>> GenerationRunner::deltasAfter(qint64 afterDeltaSeq) const
{
    const qint64 firstBuffered = m_deltaSeq - m_deltas.size() + 1;
    if (afterDeltaSeq + 1 < firstBuffered)
        return std::nullopt;
    const qsizetype from = qMax<qsizetype>(0, afterDeltaSeq + 1 - firstBuffered);
    return m_deltas.mid(from);
}

void GenerationRunner::onDelta(const QString& text, const QString& reasoning)
{
    if (m_ended || (text.isEmpty() && reasoning.isEmpty()))
        return;
    const GenerationDelta delta { m_start.convId, m_start.genId, ++m_deltaSeq, text, reasoning };
    m_text += text;
    m_deltas.append(delta);
    if (m_deltas.size() > maxBufferedDeltas)
        m_deltas.removeFirst();
    m_dirty = true;
    publish(delta);
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
    m_ended = true;
    m_saveTimer.stop();
    releaseCompletion(abortUpstream);
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
