#include "chat/chatcontroller.h"

#include "chat/conversationlistmodel.h"
#include "net/connection.h"

#include <QUuid>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
constexpr int kTitleChars = 60;

/// A title for a conversation started by typing into an empty chat: its first line, shortened.
QString titleFrom(const QString& text)
{
    QString line = text.section(u'\n', 0, 0).simplified();
    if (line.size() > kTitleChars)
        line = line.left(kTitleChars - 1) + u'…';
    return line;
}

template<typename... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<typename... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;
} // namespace

ChatController::ChatController(
    Connection* connection, ConversationListModel* conversations, QObject* parent)
    : QObject(parent)
    , m_connection(connection)
    , m_conversations(conversations)
{ }

void ChatController::setCurrentConvId(const QString& convId)
{
    if (m_convId == convId)
        return;
    m_convId = convId;
    m_messages.clear();
    setGenerations({});
    setErrorText({});
    m_historyRequestId.clear();
    const auto known = m_conversations ? m_conversations->conversation(convId) : std::nullopt;
    setTitle(known ? known->title : QString());
    Q_EMIT currentConvIdChanged();
    if (!convId.isEmpty())
        requestHistory();
}

void ChatController::setTypewriterEnabled(bool enabled)
{
    if (enabled == m_messages.typewriterEnabled())
        return;
    m_messages.setTypewriterEnabled(enabled);
    Q_EMIT typewriterEnabledChanged();
}

void ChatController::send(const QString& text)
{
    if (text.trimmed().isEmpty())
        return;
    setErrorText({});
    if (m_convId.isEmpty()) {
        createConversation(titleFrom(text), text);
        return;
    }
    sendInto(m_convId, text);
}

void ChatController::stop()
{
    if (m_generations.isEmpty())
        return;
    // The newest reply is the one the Stop button means.
    const QString genId
        = m_generations.contains(m_latestGenId) ? m_latestGenId : m_generations.keys().constFirst();
    m_stopRequestId = sendRequest(protocol::GenerationStop { {}, genId });
}

void ChatController::createConversation(const QString& title, const QString& firstMessage)
{
    protocol::ConversationCreate create;
    if (!title.isEmpty())
        create.title = title;
    m_textAfterCreate = firstMessage;
    m_createRequestId = sendRequest(create);
    if (m_createRequestId.isEmpty() && !firstMessage.isEmpty())
        setErrorText(tr("You are offline: the message was not sent."));
}

void ChatController::reload()
{
    if (m_convId.isEmpty())
        return;
    setGenerations({});
    requestHistory();
}

void ChatController::sendInto(const QString& convId, const QString& text)
{
    const QString clientMsgId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_messages.addPending(clientMsgId, text, m_userName);
    const QString id = sendRequest(protocol::MessageSend { {}, convId, clientMsgId, text });
    if (id.isEmpty())
        m_messages.markFailed(clientMsgId, tr("Not sent: you are offline."));
    else
        m_sendRequests.insert(id, clientMsgId);
}

void ChatController::requestHistory()
{
    protocol::HistoryRequest request;
    request.convId = m_convId;
    request.limit = protocol::field::maxHistoryLimit;
    m_historyRequestId = sendRequest(request);
}

QString ChatController::sendRequest(const protocol::ClientMessage& message)
{
    if (!m_connection) {
        setErrorText(tr("Not connected to a server."));
        return {};
    }
    const QString id = m_connection->send(message);
    if (id.isEmpty())
        setErrorText(tr("You are offline."));
    return id;
}

void ChatController::handleServerMessage(const protocol::ServerMessage& message)
{
    std::visit(Overloaded {
                   [this](const protocol::HistoryReply& m) { onHistory(m); },
                   [this](const protocol::ConversationReply& m) { onConversation(m); },
                   [this](const protocol::ConversationDeleted& m) {
                       if (m.convId == m_convId)
                           setCurrentConvId({});
                   },
                   [this](const protocol::Ack& m) {
                       m_sendRequests.remove(m.id);
                       m_messages.acknowledge(m.clientMsgId, m.msgId);
                   },
                   [this](const protocol::MessageEvent& m) {
                       if (m.convId == m_convId)
                           m_messages.upsertMessage(m.message);
                   },
                   [this](const protocol::GenerationStart& m) { onGenerationStart(m); },
                   [this](const protocol::GenerationDelta& m) { onGenerationDelta(m); },
                   [this](const protocol::GenerationEnd& m) { onGenerationEnd(m); },
                   [this](const protocol::GenerationSnapshot& m) { onSnapshot(m); },
                   [this](const protocol::Resumed& m) {
                       // Caught up: from here on the reply is typed out live.
                       if (auto it = m_generations.find(m.genId); it != m_generations.end())
                           it->catchingUp = false;
                   },
                   [this](const protocol::Error& m) { onError(m); },
                   [](const auto&) {},
               },
        message);
}

void ChatController::onConversation(const protocol::ConversationReply& reply)
{
    if (!m_createRequestId.isEmpty() && reply.id == m_createRequestId) {
        m_createRequestId.clear();
        const QString text = std::exchange(m_textAfterCreate, QString());
        setCurrentConvId(reply.conversation.convId);
        setTitle(reply.conversation.title);
        if (!text.isEmpty())
            sendInto(m_convId, text);
        return;
    }
    if (reply.conversation.convId == m_convId)
        setTitle(reply.conversation.title);
}

void ChatController::onHistory(const protocol::HistoryReply& reply)
{
    if (reply.id != m_historyRequestId || reply.convId != m_convId)
        return;
    m_historyRequestId.clear();
    QList<protocol::Event> events = reply.events;
    std::stable_sort(events.begin(), events.end(),
        [](const auto& a, const auto& b) { return protocol::seqOf(a) < protocol::seqOf(b); });

    QList<protocol::ChatMessage> list;
    QHash<QString, Generation> live;
    QList<protocol::GenerationEnd> failed;
    auto place = [&list](const protocol::ChatMessage& message) {
        const auto it = std::find_if(
            list.begin(), list.end(), [&](const auto& m) { return m.msgId == message.msgId; });
        if (it == list.end())
            list.append(message);
        else
            *it = message;
    };
    for (const auto& event : events) {
        if (const auto* m = std::get_if<protocol::MessageEvent>(&event)) {
            place(m->message);
        } else if (const auto* start = std::get_if<protocol::GenerationStart>(&event)) {
            live.insert(start->genId, Generation { start->msgId, 0, {}, false });
            const bool known = std::any_of(
                list.begin(), list.end(), [&](const auto& m) { return m.msgId == start->msgId; });
            if (!known) {
                protocol::ChatMessage placeholder;
                placeholder.msgId = start->msgId;
                placeholder.genId = start->genId;
                placeholder.author = { protocol::AuthorKind::Assistant, {}, start->model };
                placeholder.status = protocol::MessageStatus::Streaming;
                list.append(placeholder);
            }
        } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&event)) {
            live.remove(end->genId);
            place(end->message);
            if (end->error)
                failed.append(*end);
        }
    }
    // Replies already followed live keep what they received (and their deltaSeq); a reply
    // started after the server read this page is not in it, so it is carried over whole.
    QHash<QString, protocol::ChatMessage> followedRows;
    QList<protocol::ChatMessage> carried;
    for (auto it = m_generations.cbegin(); it != m_generations.cend(); ++it) {
        const int row = m_messages.rowOfMsgId(it->msgId);
        if (row < 0)
            continue;
        const bool inPage = std::any_of(
            list.begin(), list.end(), [&](const auto& m) { return m.msgId == it->msgId; });
        if (inPage && !live.contains(it.key()))
            continue; // it ended in this page
        live.insert(it.key(), *it);
        followedRows.insert(it->msgId, m_messages.messageAt(row));
        if (!inPage)
            carried.append(m_messages.messageAt(row));
    }
    // Any other reply still streaming is rebuilt from its deltas (resume from 0): the stored
    // partial text would otherwise be repeated by them.
    QStringList resume;
    for (auto& m : list) {
        if (m.status != protocol::MessageStatus::Streaming || !live.contains(m.genId))
            continue;
        m.text.clear();
        if (!followedRows.contains(m.msgId))
            resume.append(m.genId);
    }
    list.append(carried);
    m_messages.setMessages(list);
    for (const auto& message : std::as_const(followedRows))
        m_messages.setStreamingText(message.msgId, message.text);
    for (const auto& end : failed)
        m_messages.finishMessage(end.message, end.error);
    setGenerations(live);
    for (const auto& genId : std::as_const(resume)) {
        if (!sendRequest(protocol::GenerationResume { {}, genId, 0 }).isEmpty())
            m_generations[genId].catchingUp = true;
    }
}

void ChatController::onGenerationStart(const protocol::GenerationStart& start)
{
    if (start.convId != m_convId)
        return;
    auto generations = m_generations;
    generations.insert(start.genId, Generation { start.msgId, 0, {}, false });
    m_latestGenId = start.genId;
    protocol::ChatMessage message;
    message.msgId = start.msgId;
    message.genId = start.genId;
    message.author = { protocol::AuthorKind::Assistant, {}, start.model };
    message.status = protocol::MessageStatus::Streaming;
    message.createdAt = QDateTime::currentDateTimeUtc();
    m_messages.upsertMessage(message);
    setGenerations(generations);
}

void ChatController::onGenerationDelta(const protocol::GenerationDelta& delta)
{
    if (delta.convId != m_convId)
        return;
    auto it = m_generations.find(delta.genId);
    if (it == m_generations.end() || delta.deltaSeq <= it->lastDeltaSeq)
        return; // not ours, or already seen (live and resumed copies overlap)
    if (delta.deltaSeq > it->lastDeltaSeq + 1) {
        // Text must be applied in order: hold it until the resume answer fills the gap.
        it->early.insert(delta.deltaSeq, delta.text);
        return;
    }
    it->lastDeltaSeq = delta.deltaSeq;
    m_messages.appendDelta(it->msgId, delta.text, it->catchingUp);
    flushEarly(*it);
}

void ChatController::flushEarly(Generation& generation)
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
        m_messages.appendDelta(generation.msgId, first.value(), generation.catchingUp);
        generation.early.erase(first);
    }
}

void ChatController::onGenerationEnd(const protocol::GenerationEnd& end)
{
    if (end.convId != m_convId)
        return;
    m_messages.finishMessage(end.message, end.error);
    auto generations = m_generations;
    generations.remove(end.genId);
    setGenerations(generations);
}

void ChatController::onSnapshot(const protocol::GenerationSnapshot& snapshot)
{
    auto it = m_generations.find(snapshot.genId);
    if (it == m_generations.end())
        return;
    it->lastDeltaSeq = snapshot.deltaSeq;
    m_messages.setStreamingText(it->msgId, snapshot.text);
    flushEarly(*it);
    it->catchingUp = false;
}

void ChatController::onError(const protocol::Error& error)
{
    if (error.id.isEmpty())
        return;
    if (const auto clientMsgId = m_sendRequests.take(error.id); !clientMsgId.isEmpty()) {
        m_messages.markFailed(clientMsgId, error.message);
    } else if (error.id == m_historyRequestId) {
        m_historyRequestId.clear();
        setErrorText(tr("Could not load this conversation: %1").arg(error.message));
    } else if (error.id == m_createRequestId) {
        m_createRequestId.clear();
        m_textAfterCreate.clear();
        setErrorText(tr("Could not start a conversation: %1").arg(error.message));
    } else if (error.id == m_stopRequestId) {
        setErrorText(tr("Could not stop the reply: %1").arg(error.message));
    }
}

void ChatController::setTitle(const QString& title)
{
    if (m_title == title)
        return;
    m_title = title;
    Q_EMIT currentTitleChanged();
}

void ChatController::setErrorText(const QString& text)
{
    if (m_errorText == text)
        return;
    m_errorText = text;
    Q_EMIT errorTextChanged();
}

void ChatController::setGenerations(const QHash<QString, Generation>& generations)
{
    const bool was = streaming();
    m_generations = generations;
    if (was != streaming())
        Q_EMIT streamingChanged();
}

} // namespace palaver::client
