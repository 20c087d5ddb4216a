#pragma once

#include "protocol/messages.h"
#include "rooms/memberlistmodel.h"
#include "rooms/readmarkers.h"
#include "rooms/typingnotifier.h"
#include "rooms/typingtracker.h"

#include <QHash>
#include <QObject>

namespace palaver::client {

class ConversationListModel;

/// The people side of the open conversation, for the ChatController: its kind and the user's
/// role, the member panel (with the assistant writing while a reply streams), who else is
/// typing, the user's own typing, and the read marker.
class OpenRoom : public QObject
{
    Q_OBJECT

public:
    using Sender = ReadMarkers::Sender;

    /// `send` sends quietly: a typing or read notice that cannot go is not worth an error.
    OpenRoom(ConversationListModel* conversations, Sender send, QObject* parent = nullptr);

    /// Follows `convId` (empty: nothing open).
    void setConversation(const QString& convId);
    /// "ai" | "room" | "dm"; "" when nothing is open.
    QString kind() const { return m_kind; }
    bool isOwner() const { return m_isOwner; }
    MemberListModel* members() { return &m_members; }
    QString typingText() const { return m_typing.text(); }
    TypingTracker* typingTracker() { return &m_typing; }
    TypingNotifier* typingNotifier() { return &m_typingNotifier; }
    ReadMarkers* readMarkers() { return &m_readMarkers; }
    void setWindowActive(bool active) { m_readMarkers.setWindowActive(active); }
    bool windowActive() const { return m_readMarkers.windowActive(); }
    /// The assistant row is named after the conversation's model: id → display name.
    void setModelNames(const QHash<QString, QString>& names);
    /// The display name of model `id` (the id itself when the server did not name it).
    QString modelName(const QString& id) const { return m_modelNames.value(id, id); }
    /// A reply streams in the open conversation.
    void setWriting(bool writing) { m_members.setWriting(writing); }

    /// Typing, messages (which end someone's typing) and stored events (read markers).
    void handleServerMessage(const protocol::ServerMessage& message);
    void connectionLost();

Q_SIGNALS:
    /// kind() or isOwner() changed.
    void kindChanged();
    void typingTextChanged();

private:
    /// Reads kind, role and members from the conversation list.
    void refresh();

    ConversationListModel* m_conversations;
    QString m_convId;
    QString m_kind;
    bool m_isOwner = false;
    QHash<QString, QString> m_modelNames;
    MemberListModel m_members;
    TypingTracker m_typing;
    TypingNotifier m_typingNotifier;
    ReadMarkers m_readMarkers;
};

} // namespace palaver::client
