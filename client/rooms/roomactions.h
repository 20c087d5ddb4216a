#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace palaver::client {

class ConversationListModel;
class LocalStore;

/// The requests that change who is where (create a room or a DM, invite, remove, leave), each
/// followed to its answer: success or the server's reason, readable, for the dialog that asked.
/// A conversation left is taken out of the list and the cache at once (no push says so to the
/// session that asked).
class RoomActions : public QObject
{
    Q_OBJECT

public:
    /// Sends a request; returns its id, or empty when it could not go (offline).
    using Sender = std::function<QString(const protocol::ClientMessage&)>;

    /// `conversations` (may be null in tests) is where existing DMs are found and left ones go.
    RoomActions(ConversationListModel* conversations, Sender send, QObject* parent = nullptr);
    void setStore(LocalStore* store) { m_store = store; }

    /// `usernames` may hold blanks and repeats (typed by a person); they are dropped.
    void createRoom(const QString& title, const QStringList& usernames);
    /// The DM with `username`: the one in the list at once, else asks the server (which answers
    /// the existing one if the list did not know it).
    void openDirectMessage(const QString& username);
    /// An empty `convId` (nothing open) fails with a readable reason.
    void invite(const QString& convId, const QString& username);
    void removeMember(const QString& convId, const QString& userId);
    void leave(const QString& convId);

    /// Returns true when `message` answered one of these requests.
    bool handleServerMessage(const protocol::ServerMessage& message);
    /// The connection dropped: no answers will come to what was asked.
    void connectionLost();

Q_SIGNALS:
    /// `what`: "createRoom" | "openDirectMessage" | "invite" | "remove" | "leave"; `convId`:
    /// the conversation it was about (the new one for a create).
    void succeeded(const QString& what, const QString& convId);
    /// Readable, e.g. "Could not create the room: No user bob".
    void failed(const QString& what, const QString& text);

private:
    struct Pending
    {
        QString what;
        QString convId;
        /// Says what failed, with %1 = the server's reason.
        QString failure;
    };
    void start(const protocol::ClientMessage& message, const Pending& pending);
    bool needsOpen(const QString& what, const QString& convId);
    void succeed(const QString& what, const QString& convId);

    ConversationListModel* m_conversations;
    LocalStore* m_store = nullptr;
    Sender m_send;
    /// request id → what it was
    QHash<QString, Pending> m_pending;
};

} // namespace palaver::client
