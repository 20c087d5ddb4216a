#include "chat/conversationloader.h"

#include "chat/eventpage.h"
#include "chat/messagelistmodel.h"
#include "chat/replystreams.h"

namespace palaver::client {

ConversationLoader::ConversationLoader(
    MessageListModel* messages, ReplyStreams* streams, Sender send, QObject* parent)
    : QObject(parent)
    , m_messages(messages)
    , m_streams(streams)
    , m_send(std::move(send))
{ }

void ConversationLoader::open(const QString& convId)
{
    m_convId = convId;
    m_messages->clear();
    m_streams->setAll({});
    m_streams->newConnection();
    m_historyRequestId.clear();
    m_resumeFollowed = false;
}

void ConversationLoader::showCached(const QList<protocol::Event>& events)
{
    applyPage(events, true);
}

void ConversationLoader::requestHistory(bool afterReconnect)
{
    m_resumeFollowed = afterReconnect;
    protocol::HistoryRequest request;
    request.convId = m_convId;
    request.limit = protocol::field::maxHistoryLimit;
    m_historyRequestId = m_send(request);
}

void ConversationLoader::handleHistory(const protocol::HistoryReply& reply)
{
    if (reply.id != m_historyRequestId || reply.convId != m_convId)
        return;
    m_historyRequestId.clear();
    applyPage(reply.events, false);
    m_resumeFollowed = false;
}

bool ConversationLoader::handleError(const protocol::Error& error)
{
    if (error.id.isEmpty() || error.id != m_historyRequestId)
        return false;
    m_historyRequestId.clear();
    Q_EMIT errorOccurred(tr("Could not load this conversation: %1").arg(error.message));
    return true;
}

void ConversationLoader::applyPage(const QList<protocol::Event>& events, bool fromCache)
{
    EventPage page = EventPage::fold(events, m_modelName);
    QHash<QString, ReplyStreams::Generation> live;
    // A cached start may be long over: only the server says what still streams.
    if (!fromCache) {
        for (auto it = page.started.cbegin(); it != page.started.cend(); ++it)
            live.insert(it.key(), ReplyStreams::Generation { it.value(), 0, {}, false });
    }
    // Replies already followed live keep what they received (and their deltaSeq); a reply
    // started after the server read this page is not in it, so it is carried over whole.
    QHash<QString, protocol::ChatMessage> followedRows;
    QList<protocol::ChatMessage> carried;
    QStringList resume;
    const auto& followed = m_streams->all();
    for (auto it = followed.cbegin(); it != followed.cend(); ++it) {
        const int row = m_messages->rowOfMsgId(it->msgId);
        if (row < 0)
            continue;
        const bool inPage = page.contains(it->msgId);
        if (inPage && !live.contains(it.key()))
            continue; // it ended in this page
        live.insert(it.key(), *it);
        followedRows.insert(it->msgId, m_messages->messageAt(row));
        if (!inPage)
            carried.append(m_messages->messageAt(row));
        if (m_resumeFollowed) // the connection dropped meanwhile: ask for what we missed
            resume.append(it.key());
    }
    // Any other reply still streaming is rebuilt from its deltas (resume from 0): the stored
    // partial text would otherwise be repeated by them.
    for (auto& m : page.messages) {
        if (m.status != protocol::MessageStatus::Streaming || !live.contains(m.genId))
            continue;
        m.text.clear();
        if (!followedRows.contains(m.msgId))
            resume.append(m.genId);
    }
    m_messages->setMessages(page.messages + carried, page.seqs);
    for (const auto& message : std::as_const(followedRows))
        m_messages->setStreamingText(message.msgId, message.text);
    for (const auto& end : std::as_const(page.failed))
        m_messages->finishMessage(end.message, end.error, end.usage);
    for (auto it = page.usage.cbegin(); it != page.usage.cend(); ++it)
        m_messages->setUsage(it.key(), it.value());
    for (const auto& msgId : std::as_const(page.cutShort))
        m_messages->setFinish(msgId, protocol::FinishReason::Length);
    m_streams->setAll(live);
    for (const auto& genId : std::as_const(resume)) {
        const auto generation = m_streams->value(genId);
        const bool wasFollowed = followedRows.contains(generation.msgId);
        m_streams->resume(genId, wasFollowed ? generation.lastDeltaSeq : 0, !wasFollowed);
    }
}

void ConversationLoader::handleSync(const protocol::SyncReply& reply)
{
    if (reply.convId != m_convId)
        return;
    const auto followedBefore = m_streams->all();
    for (const auto& event : sortedBySeq(reply.events)) {
        if (const auto* m = std::get_if<protocol::MessageEvent>(&event))
            m_messages->upsertMessage(m->message, m->seq);
        else if (const auto* start = std::get_if<protocol::GenerationStart>(&event))
            m_streams->start(*start);
        else if (const auto* end = std::get_if<protocol::GenerationEnd>(&event))
            m_streams->end(*end);
    }
    for (const auto& live : reply.live)
        m_streams->continueLive(live, followedBefore.contains(live.genId));
}

} // namespace palaver::client
