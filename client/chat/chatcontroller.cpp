#include "chat/chatcontroller.h"

#include "chat/conversationlistmodel.h"
#include "net/connection.h"
#include "store/localstore.h"

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
    , m_streams(&m_messages, [this](const protocol::ClientMessage& m) { return sendRequest(m); })
    , m_loader(&m_messages, &m_streams,
          [this](const protocol::ClientMessage& m) { return sendRequest(m); })
    , m_replyActions(
          &m_messages, [this](const protocol::ClientMessage& m) { return sendRequest(m); })
    , m_outbox(connection)
    , m_settings([this](const protocol::ClientMessage& m) {
        // Offline the settings say so themselves (a change cannot wait in the outbox).
        return m_connection && !m_connection->isOnline() ? QString() : sendRequest(m);
    })
    , m_room(conversations, [this](const protocol::ClientMessage& m) { return sendQuietly(m); })
    , m_roomActions(
          conversations, [this](const protocol::ClientMessage& m) { return sendRequest(m); })
{
    connect(&m_room, &OpenRoom::kindChanged, this, &ChatController::currentKindChanged);
    connect(&m_room, &OpenRoom::typingTextChanged, this, &ChatController::typingTextChanged);
    connect(&m_streams, &ReplyStreams::streamingChanged, this,
        [this] { m_room.setWriting(streaming()); });
    connect(&m_roomActions, &RoomActions::succeeded, this, &ChatController::onActionSucceeded);
    connect(&m_roomActions, &RoomActions::failed, this,
        [this](const QString&, const QString& text) { setErrorText(text); });
    connect(
        &m_settings, &ConversationSettings::changed, this, &ChatController::currentSettingsChanged);
    connect(&m_settings, &ConversationSettings::errorOccurred, this, &ChatController::setErrorText);
    connect(&m_streams, &ReplyStreams::streamingChanged, this, &ChatController::streamingChanged);
    connect(&m_outbox, &Outbox::entryChanged, this, [this](const OutboxEntry& entry) {
        if (entry.convId == m_convId)
            m_messages.setOutboxEntry(entry, m_self.name);
    });
    connect(&m_outbox, &Outbox::entryRemoved, &m_messages, &MessageListModel::removeClientMessage);
    connect(&m_outbox, &Outbox::acknowledged, &m_messages, &MessageListModel::acknowledge);
    connect(&m_outbox, &Outbox::errorOccurred, this, &ChatController::setErrorText);
    if (connection) {
        // Flushed on every sign-in, in order; what was in flight when it dropped goes again.
        connect(connection, &Connection::welcomed, this, &ChatController::onWelcomed);
        connect(connection, &Connection::closed, &m_outbox, &Outbox::connectionLost);
        connect(connection, &Connection::closed, this, [this] {
            m_room.connectionLost();
            m_roomActions.connectionLost();
        });
        connect(connection, &Connection::stateChanged, this, &ChatController::updateCanSend);
        connect(connection, &Connection::stateChanged, this,
            [this] { m_messages.setOnline(m_connection->isOnline()); });
        m_messages.setOnline(connection->isOnline());
    }
    connect(&m_replyActions, &ReplyActions::errorOccurred, this, &ChatController::setErrorText);
    connect(&m_loader, &ConversationLoader::errorOccurred, this, &ChatController::setErrorText);
    m_loader.setModelNames([this](const QString& modelId) { return m_room.modelName(modelId); });
    if (conversations) {
        // Renamed, people joined, or who "me" is became known: the header says it as the list.
        connect(
            conversations, &QAbstractItemModel::dataChanged, this, &ChatController::refreshTitle);
        connect(
            conversations, &QAbstractItemModel::modelReset, this, &ChatController::refreshTitle);
        connect(
            conversations, &QAbstractItemModel::rowsInserted, this, &ChatController::refreshTitle);
    }
}

void ChatController::onWelcomed()
{
    const QStringList held = m_outbox.holdForSync();
    m_outbox.flush();
    for (const QString& convId : held)
        Q_EMIT syncRequested(convId);
}

void ChatController::syncFailed(const QString& convId)
{
    m_outbox.unhold(convId);
}

void ChatController::updateCanSend()
{
    const bool can = !m_convId.isEmpty() || (m_connection && m_connection->isOnline());
    if (can == m_canSend)
        return;
    m_canSend = can;
    Q_EMIT canSendChanged();
}

void ChatController::setStore(LocalStore* store)
{
    m_store = store;
    m_outbox.setStore(store);
    m_roomActions.setStore(store);
}

bool ChatController::isCached(const QString& convId) const
{
    return m_store && m_store->isCached(convId);
}

void ChatController::setCurrentConvId(const QString& convId)
{
    if (m_convId == convId)
        return;
    m_convId = convId;
    m_loader.open(convId);
    setErrorText({});
    m_replyActions.clear();
    const auto known = m_conversations ? m_conversations->conversation(convId) : std::nullopt;
    setTitle(known ? titleOf(*known) : QString());
    m_settings.open(convId, known);
    m_room.setConversation(convId);
    updateCanSend();
    Q_EMIT currentConvIdChanged();
    if (convId.isEmpty())
        return;
    showCachedAndOutbox();
    if (isCached(convId))
        Q_EMIT syncRequested(convId);
    else
        m_loader.requestHistory();
}

void ChatController::showCachedAndOutbox()
{
    if (m_store)
        m_loader.showCached(m_store->events(m_convId));
    for (const auto& entry : m_outbox.entries(m_convId))
        m_messages.setOutboxEntry(entry, m_self.name);
}

void ChatController::setSelf(const QString& userId, const QString& name)
{
    m_self = Self { userId, name };
    m_messages.setSelfUserId(userId);
    refreshTitle();
}

void ChatController::setTypewriterEnabled(bool enabled)
{
    if (enabled == m_messages.typewriterEnabled())
        return;
    m_messages.setTypewriterEnabled(enabled);
    Q_EMIT typewriterEnabledChanged();
}

void ChatController::send(const QString& text, bool askAssistant)
{
    if (text.trimmed().isEmpty())
        return;
    setErrorText({});
    if (m_convId.isEmpty()) {
        createConversation(titleFrom(text), text);
        return;
    }
    sendInto(m_convId, text, askAssistant);
}

void ChatController::userTyping()
{
    m_room.typingNotifier()->userTyping();
}

void ChatController::userStoppedTyping()
{
    m_room.typingNotifier()->userStoppedTyping();
}

void ChatController::setWindowActive(bool active)
{
    if (active == m_room.windowActive())
        return;
    m_room.setWindowActive(active);
    Q_EMIT windowActiveChanged();
}

void ChatController::createRoom(const QString& title, const QStringList& usernames)
{
    setErrorText({});
    m_roomActions.createRoom(title, usernames);
}

void ChatController::openDirectMessage(const QString& username)
{
    setErrorText({});
    m_roomActions.openDirectMessage(username);
}

void ChatController::invite(const QString& username)
{
    setErrorText({});
    m_roomActions.invite(m_convId, username);
}

void ChatController::removeMember(const QString& userId)
{
    setErrorText({});
    m_roomActions.removeMember(m_convId, userId);
}

void ChatController::leaveConversation()
{
    setErrorText({});
    m_roomActions.leave(m_convId);
}

void ChatController::onActionSucceeded(const QString& what, const QString& convId)
{
    if (what == u"createRoom"_s || what == u"openDirectMessage"_s) {
        setCurrentConvId(convId);
    } else if (what == u"leave"_s && convId == m_convId) {
        setCurrentConvId({});
        openNewest();
    }
    Q_EMIT actionSucceeded(what);
}

void ChatController::onDeleted(const protocol::ConversationDeleted& deleted)
{
    if (deleted.convId != m_convId)
        return;
    const QString title = m_title;
    setCurrentConvId({});
    switch (deleted.reason) {
    case protocol::RemovalReason::Deleted:
        break;
    case protocol::RemovalReason::Left:
        openNewest(); // left on another device
        break;
    case protocol::RemovalReason::Removed:
        openNewest();
        setErrorText(title.isEmpty() ? tr("You were removed from this room.")
                                     : tr("You were removed from “%1”.").arg(title));
        break;
    }
}

QString ChatController::sendQuietly(const protocol::ClientMessage& message)
{
    return m_connection && m_connection->isOnline() ? m_connection->send(message) : QString();
}

void ChatController::stop()
{
    const QString genId = m_streams.latestGenId();
    if (!genId.isEmpty())
        m_stopRequestId = sendRequest(protocol::GenerationStop { {}, genId });
}

void ChatController::continueReply(const QString& msgId)
{
    setErrorText({});
    m_replyActions.continueReply(msgId);
}

void ChatController::retryReply(const QString& msgId)
{
    setErrorText({});
    m_replyActions.retryReply(msgId);
}

void ChatController::reportOutboxRefusal(bool done, const QString& what)
{
    if (!done)
        setErrorText(what);
}

void ChatController::editPending(const QString& clientMsgId, const QString& text)
{
    reportOutboxRefusal(m_outbox.edit(clientMsgId, text),
        text.trimmed().isEmpty() ? tr("A message cannot be empty: remove it instead.")
                                 : tr("This message was sent already and cannot be edited."));
}

void ChatController::removePending(const QString& clientMsgId)
{
    reportOutboxRefusal(
        m_outbox.remove(clientMsgId), tr("This message was sent already and cannot be removed."));
}

void ChatController::retryFailed(const QString& clientMsgId)
{
    setErrorText({});
    reportOutboxRefusal(m_outbox.retry(clientMsgId), tr("Only a failed message can be retried."));
}

void ChatController::sendNow(const QString& clientMsgId)
{
    reportOutboxRefusal(m_outbox.sendNow(clientMsgId), tr("This message cannot be sent now."));
}

void ChatController::createConversation(const QString& title, const QString& firstMessage)
{
    if (m_connection && !m_connection->isOnline()) {
        // The server gives a conversation its id: without it there is nowhere to send to.
        setErrorText(tr("Starting a new conversation needs a connection to the server."));
        return;
    }
    protocol::ConversationCreate create;
    if (!title.isEmpty())
        create.title = title;
    m_settings.fillCreate(create);
    m_textAfterCreate = firstMessage;
    m_createRequestId = sendRequest(create);
    if (m_createRequestId.isEmpty() && !firstMessage.isEmpty())
        setErrorText(tr("You are offline: the message was not sent."));
}

void ChatController::setDefaultModel(const QString& modelId)
{
    m_settings.setDefaultModel(modelId);
}

void ChatController::setModels(const QList<protocol::ModelInfo>& models)
{
    QHash<QString, QString> names;
    for (const auto& model : models)
        names.insert(model.id, model.name);
    m_room.setModelNames(names);
}

void ChatController::setModel(const QString& modelId)
{
    m_settings.setModel(modelId);
}

void ChatController::setSystemPrompt(const QString& systemPrompt)
{
    m_settings.setSystemPrompt(systemPrompt);
}

void ChatController::onConversations()
{
    if (!m_convId.isEmpty() && m_conversations && !m_conversations->conversation(m_convId)) {
        // Not in the list any more: deleted or left while this client was away, or the server's
        // data was reset. Nothing can be read or sent there; the newest one opens instead.
        setCurrentConvId({});
    }
    // The list may say the open conversation changed elsewhere.
    if (const auto known = m_conversations ? m_conversations->conversation(m_convId) : std::nullopt)
        m_settings.apply(*known);
    if (!m_convId.isEmpty() || !m_createRequestId.isEmpty() || !m_conversations
        || m_conversations->rowCount() == 0)
        return;
    // The most recently active one, whatever its kind (the list shows rooms first).
    setCurrentConvId(m_conversations->newestConvId());
}

void ChatController::openNewest()
{
    onConversations();
}

void ChatController::reload()
{
    m_streams.newConnection();
    // A cached conversation catches up through the session's sync of every cached one.
    if (m_convId.isEmpty() || isCached(m_convId))
        return;
    m_loader.requestHistory(true);
}

void ChatController::sendInto(const QString& convId, const QString& text, bool askAssistant)
{
    if (convId == m_convId)
        m_room.typingNotifier()->userStoppedTyping();
    // Shown through entryChanged; it goes out when online (or after the streaming reply).
    m_outbox.add(convId, text, askAssistant);
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

void ChatController::noteStreaming(const protocol::ServerMessage& message)
{
    // The prompt queue needs every conversation's replies, not only the open one's.
    if (const auto* start = std::get_if<protocol::GenerationStart>(&message)) {
        m_outbox.setStreaming(start->convId, start->genId, true);
    } else if (const auto* sync = std::get_if<protocol::SyncReply>(&message)) {
        // Only the last page says what still streams (its `live`): an end early in a page must
        // not release the queue while a reply started later in it still streams. A reply that
        // ended while we were away releases the messages queued behind it.
        if (!sync->hasMore) {
            QSet<QString> live;
            for (const auto& l : sync->live)
                live.insert(l.genId);
            m_outbox.resetStreaming(sync->convId, live);
        }
    }
}

void ChatController::handleServerMessage(const protocol::ServerMessage& message)
{
    if (m_roomActions.handleServerMessage(message))
        return;
    noteStreaming(message);
    std::visit(Overloaded {
                   [this](const protocol::HistoryReply& m) { m_loader.handleHistory(m); },
                   [this](const protocol::SyncReply& m) { m_loader.handleSync(m); },
                   [this](const protocol::ConversationReply& m) { onConversation(m); },
                   [this](const protocol::ConversationsReply&) { onConversations(); },
                   [this](const protocol::ConversationDeleted& m) { onDeleted(m); },
                   [](const protocol::TypingEvent&) {},
                   [](const protocol::PresenceEvent&) {},
                   [](const protocol::ReadEvent&) {},
                   [this](const protocol::Ack& m) { m_outbox.handleAck(m); },
                   [this](const protocol::MessageEvent& m) {
                       if (m.convId == m_convId)
                           m_messages.upsertMessage(m.message, m.seq);
                   },
                   [this](const protocol::Error& m) {
                       if (!m_outbox.handleError(m) && !m_replyActions.handleError(m))
                           onError(m);
                   },
                   [this, &message](const auto&) { handleGeneration(message); },
               },
        message);
    m_room.handleServerMessage(message);
}

void ChatController::handleGeneration(const protocol::ServerMessage& message)
{
    if (const auto* start = std::get_if<protocol::GenerationStart>(&message)) {
        if (start->convId == m_convId)
            m_streams.start(*start, m_room.modelName(start->model));
    } else if (const auto* delta = std::get_if<protocol::GenerationDelta>(&message)) {
        if (delta->convId == m_convId)
            m_streams.delta(*delta);
    } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&message)) {
        if (end->convId == m_convId)
            m_streams.end(*end);
        // After the reply is finished on screen, so queued messages follow it.
        m_outbox.setStreaming(end->convId, end->genId, false);
    } else if (const auto* snapshot = std::get_if<protocol::GenerationSnapshot>(&message)) {
        m_streams.snapshot(*snapshot);
    } else if (const auto* resumed = std::get_if<protocol::Resumed>(&message)) {
        m_streams.resumed(*resumed);
    }
}

void ChatController::onConversation(const protocol::ConversationReply& reply)
{
    if (!m_createRequestId.isEmpty() && reply.id == m_createRequestId) {
        m_createRequestId.clear();
        const QString text = std::exchange(m_textAfterCreate, QString());
        setCurrentConvId(reply.conversation.convId);
        setTitle(titleOf(reply.conversation));
        m_settings.apply(reply.conversation);
        if (!text.isEmpty())
            sendInto(m_convId, text);
        return;
    }
    if (reply.conversation.convId != m_convId)
        return;
    setTitle(titleOf(reply.conversation));
    m_settings.apply(reply.conversation, reply.id);
}

void ChatController::onError(const protocol::Error& error)
{
    // Not an answer to a request: the server tells the user something (a reply that could not
    // start, or a message saved without a reply because the assistant is busy).
    if (error.id.isEmpty()) {
        setErrorText(error.message);
        return;
    }
    if (m_loader.handleError(error))
        return;
    if (error.id == m_createRequestId) {
        m_createRequestId.clear();
        m_textAfterCreate.clear();
        setErrorText(tr("Could not start a conversation: %1").arg(error.message));
    } else if (m_settings.handleError(error)) {
        // It said why and shows what the server still has.
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

QString ChatController::titleOf(const protocol::Conversation& conversation) const
{
    return displayTitle(conversation, m_conversations ? m_conversations->self() : m_self);
}

void ChatController::refreshTitle()
{
    if (const auto known = m_conversations ? m_conversations->conversation(m_convId) : std::nullopt)
        setTitle(titleOf(*known));
}

void ChatController::setErrorText(const QString& text)
{
    if (m_errorText == text)
        return;
    m_errorText = text;
    Q_EMIT errorTextChanged();
}

} // namespace palaver::client
