#include "rooms/notifier.h"

#include "chat/conversationlistmodel.h"

namespace palaver::client {

Notifier::Notifier(ConversationListModel* conversations, QObject* parent)
    : QObject(parent)
    , m_conversations(conversations)
{ }

void Notifier::handleServerMessage(const protocol::ServerMessage& message)
{
    if (const auto* event = std::get_if<protocol::MessageEvent>(&message)) {
        const auto& author = event->message.author;
        if (author.kind == protocol::AuthorKind::User && author.id == m_conversations->selfUserId())
            return;
        notify(event->convId, author.name, event->message.text);
    } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&message)) {
        // Stopped, cut off or failed replies are not news worth a popup.
        if (end->finish != protocol::FinishReason::Stop)
            return;
        const QString name
            = end->message.author.name.isEmpty() ? tr("Assistant") : end->message.author.name;
        notify(end->convId, name, end->message.text);
    }
}

void Notifier::notify(const QString& convId, const QString& authorName, const QString& text)
{
    if (m_conversations->inFront() == convId)
        return;
    const auto conversation = m_conversations->conversation(convId);
    QString title = authorName;
    if (conversation) {
        switch (conversation->kind) {
        case protocol::ConversationKind::Room:
            title = tr("%1 in %2").arg(authorName, conversation->title);
            break;
        case protocol::ConversationKind::Dm:
            break;
        case protocol::ConversationKind::Ai:
            title = conversation->title;
            break;
        }
    }
    QString body = text;
    if (body.size() > maxBodyChars) {
        body.truncate(maxBodyChars);
        // Never cut a surrogate pair in half.
        if (body.back().isHighSurrogate())
            body.chop(1);
    }
    Q_EMIT notificationRequested(convId, title, body);
}

void Notifier::activate(const QString& convId)
{
    if (!convId.isEmpty())
        Q_EMIT activated(convId);
}

} // namespace palaver::client
