#pragma once

#include "protocol/messages.h"

#include <QObject>

namespace palaver::client {

class ConversationListModel;

/// Decides which live events deserve a desktop notification and says so; showing it is the
/// app's job (D-Bus, tray). Notified: a message by someone else, and an assistant reply that
/// ended normally (finish "stop"), in a conversation that is not in front (not open, or the
/// window is inactive). Never the user's own messages. Title "NAME in ROOM" (a DM: "NAME"; an
/// AI chat: its title), body the text's first 200 characters.
class Notifier : public QObject
{
    Q_OBJECT

public:
    /// `conversations` knows the kinds, titles, the user's id and which conversation is in front.
    explicit Notifier(ConversationListModel* conversations, QObject* parent = nullptr);

    /// Looks at a live server message (the session forwards every one).
    void handleServerMessage(const protocol::ServerMessage& message);
    /// The user clicked the notification of `convId`: it opens.
    Q_INVOKABLE void activate(const QString& convId);

    /// The body's length limit, in characters.
    static constexpr int maxBodyChars = 200;

Q_SIGNALS:
    /// Show a notification; clicking it calls activate(convId).
    void notificationRequested(const QString& convId, const QString& title, const QString& body);
    /// Open `convId` (the session's chat does).
    void activated(const QString& convId);

private:
    void notify(const QString& convId, const QString& authorName, const QString& text);

    ConversationListModel* m_conversations;
};

} // namespace palaver::client
