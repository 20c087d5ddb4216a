#include "chat/replystreams.h"

#include "chat/messagelistmodel.h"

namespace palaver::client {

namespace {
protocol::ChatMessage placeholder(
    const QString& msgId, const QString& genId, const QString& model = {})
{
    protocol::ChatMessage message;
    message.msgId = msgId;
    message.genId = genId;
    message.author = { protocol::AuthorKind::Assistant, {}, model };
    message.status = protocol::MessageStatus::Streaming;
    message.createdAt = QDateTime::currentDateTimeUtc();
    return message;
}
} // namespace

ReplyStreams::ReplyStreams(MessageListModel* messages, Sender send, QObject* parent)
    : QObject(parent)
    , m_messages(messages)
    , m_send(std::move(send))
{ }

void ReplyStreams::setAll(const QHash<QString, Generation>& generations)
{
    const bool was = isEmpty();
    m_generations = generations;
    if (was != isEmpty())
        Q_EMIT streamingChanged();
}

QString ReplyStreams::latestGenId() const
{
    if (m_generations.contains(m_latestGenId))
        return m_latestGenId;
    return m_generations.isEmpty() ? QString() : m_generations.keys().constFirst();
}

void ReplyStreams::follow(const QString& genId, const Generation& generation)
{
    auto generations = m_generations;
    generations.insert(genId, generation);
    m_latestGenId = genId;
    setAll(generations);
}

void ReplyStreams::start(const protocol::GenerationStart& start, const QString& authorName)
{
    if (m_generations.contains(start.genId)) {
        // Followed already (a sync repeats what we saw); a reply followed from a `live` entry
        // learns its place only now.
        m_messages->noteSeq(start.msgId, start.seq);
        return;
    }
    if (const int row = m_messages->rowOfMsgId(start.msgId);
        row >= 0 && m_messages->messageAt(row).status != protocol::MessageStatus::Streaming) {
        // It ended before this start came (through a sync): the start only gives its place.
        m_messages->noteSeq(start.msgId, start.seq);
        return;
    }
    m_messages->upsertMessage(
        placeholder(start.msgId, start.genId, authorName.isEmpty() ? start.model : authorName),
        start.seq);
    follow(start.genId, Generation { start.msgId, 0, {}, false });
}

void ReplyStreams::delta(const protocol::GenerationDelta& delta)
{
    auto it = m_generations.find(delta.genId);
    if (it == m_generations.end() || delta.deltaSeq <= it->lastDeltaSeq)
        return; // not ours, or already seen (live and resumed copies overlap)
    if (delta.deltaSeq > it->lastDeltaSeq + 1) {
        // Text must be applied in order: hold it until the resume answer fills the gap.
        it->early.insert(delta.deltaSeq, delta);
        return;
    }
    it->lastDeltaSeq = delta.deltaSeq;
    apply(*it, delta);
    flushEarly(*it);
}

void ReplyStreams::apply(const Generation& generation, const protocol::GenerationDelta& delta)
{
    // Thinking comes before the answer it leads to.
    m_messages->appendReasoning(generation.msgId, delta.reasoning);
    m_messages->appendDelta(generation.msgId, delta.text, generation.catchingUp);
}

void ReplyStreams::flushEarly(Generation& generation)
{
    while (!generation.early.isEmpty()) {
        const auto first = generation.early.begin();
        if (first.key() <= generation.lastDeltaSeq) {
            generation.early.erase(first);
            continue;
        }
        if (first.key() != generation.lastDeltaSeq + 1)
            return;
        generation.lastDeltaSeq = first.key();
        apply(generation, first.value());
        generation.early.erase(first);
    }
}

void ReplyStreams::end(const protocol::GenerationEnd& end)
{
    protocol::ChatMessage message = end.message;
    if (message.genId.isEmpty())
        message.genId = end.genId; // Continue and Retry name the reply by it
    m_messages->finishMessage(message, end.error, end.usage, end.seq);
    m_messages->setFinish(message.msgId, end.finish);
    auto generations = m_generations;
    generations.remove(end.genId);
    setAll(generations);
}

void ReplyStreams::snapshot(const protocol::GenerationSnapshot& snapshot)
{
    auto it = m_generations.find(snapshot.genId);
    if (it == m_generations.end())
        return;
    it->lastDeltaSeq = snapshot.deltaSeq;
    // Shown at once: the part already on screen stays, the rest appears without typing.
    m_messages->setStreamingText(it->msgId, snapshot.text);
    flushEarly(*it);
    it->catchingUp = false;
}

void ReplyStreams::resumed(const protocol::Resumed& resumed)
{
    if (auto it = m_generations.find(resumed.genId); it != m_generations.end())
        it->catchingUp = false;
}

void ReplyStreams::resume(const QString& genId, qint64 afterDeltaSeq, bool catchingUp)
{
    if (m_send(protocol::GenerationResume { {}, genId, afterDeltaSeq }).isEmpty())
        return;
    m_resumeAsked.insert(genId);
    if (auto it = m_generations.find(genId); it != m_generations.end())
        it->catchingUp = catchingUp;
}

void ReplyStreams::continueLive(const protocol::LiveGeneration& live, bool followed)
{
    if (m_resumeAsked.contains(live.genId))
        return;
    const auto it = m_generations.constFind(live.genId);
    if (followed && it != m_generations.cend()) {
        // Continue where the typing stopped; what streamed meanwhile is typed as new text.
        resume(live.genId, it->lastDeltaSeq, false);
        return;
    }
    // Started while we were away: its text so far appears at once, then it is followed.
    if (m_messages->rowOfMsgId(live.msgId) < 0)
        m_messages->upsertMessage(placeholder(live.msgId, live.genId));
    follow(live.genId, Generation { live.msgId, live.deltaSeq, {}, false });
    m_messages->setStreamingText(live.msgId, live.text);
    resume(live.genId, live.deltaSeq, false);
}

} // namespace palaver::client
