#include "rooms/openroom.h"

#include "chat/conversationlistmodel.h"

namespace palaver::client {

OpenRoom::OpenRoom(ConversationListModel* conversations, Sender send, QObject* parent)
    : QObject(parent)
    , m_conversations(conversations)
    , m_typingNotifier([send](const protocol::ClientMessage& m) { send(m); })
    , m_readMarkers(conversations, send)
{
    connect(&m_typing, &TypingTracker::textChanged, this, &OpenRoom::typingTextChanged);
    if (conversations) {
        connect(conversations, &ConversationListModel::membersChanged, this,
            [this](const QString& convId) {
                if (convId == m_convId)
                    refresh();
            });
        // A new list may lower the read marker we moved (the server had not heard yet).
        connect(conversations, &QAbstractItemModel::modelReset, this,
            [this] { m_readMarkers.catchUp(); });
    }
}

void OpenRoom::setConversation(const QString& convId)
{
    m_convId = convId;
    m_typing.setConversation(convId);
    refresh();
    m_readMarkers.setOpen(convId);
}

void OpenRoom::setModelNames(const QHash<QString, QString>& names)
{
    m_modelNames = names;
    refresh();
}

void OpenRoom::refresh()
{
    const auto c = m_conversations && !m_convId.isEmpty() ? m_conversations->conversation(m_convId)
                                                          : std::nullopt;
    const QString kind = c ? protocol::wireName(c->kind) : QString();
    const bool owner = c && c->role == protocol::MemberRole::Owner;
    const bool people = c && c->kind != protocol::ConversationKind::Ai;
    // Nobody to tell in an AI chat.
    m_typingNotifier.setConversation(people ? m_convId : QString());
    if (people) {
        QString assistant = m_modelNames.value(c->model, c->model);
        if (assistant.isEmpty())
            assistant = tr("Assistant");
        m_members.setMembers(c->members, m_conversations->selfUserId(), assistant);
    } else {
        m_members.clear();
    }
    if (kind == m_kind && owner == m_isOwner)
        return;
    m_kind = kind;
    m_isOwner = owner;
    Q_EMIT kindChanged();
}

void OpenRoom::handleServerMessage(const protocol::ServerMessage& message)
{
    if (const auto* typing = std::get_if<protocol::TypingEvent>(&message)) {
        m_typing.handleTyping(*typing);
    } else if (const auto* event = std::get_if<protocol::MessageEvent>(&message)) {
        m_typing.noteMessage(event->convId, event->message.author.id);
        if (event->convId == m_convId)
            m_readMarkers.catchUp();
    } else if (const auto* start = std::get_if<protocol::GenerationStart>(&message)) {
        if (start->convId == m_convId)
            m_readMarkers.catchUp();
    } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&message)) {
        if (end->convId == m_convId)
            m_readMarkers.catchUp();
    } else if (std::holds_alternative<protocol::ConversationsReply>(message)
        || std::holds_alternative<protocol::ConversationReply>(message)) {
        m_readMarkers.catchUp();
    }
}

void OpenRoom::connectionLost()
{
    m_typingNotifier.connectionLost();
    m_readMarkers.connectionLost();
}

} // namespace palaver::client
