#pragma once

#include "chat/conversationloader.h"
#include "chat/conversationsettings.h"
#include "chat/messagelistmodel.h"
#include "chat/outbox.h"
#include "chat/replyactions.h"
#include "chat/replystreams.h"
#include "protocol/messages.h"
#include "rooms/memberlistmodel.h"
#include "rooms/openroom.h"
#include "rooms/peers.h"
#include "rooms/roomactions.h"

#include <QObject>

namespace palaver::client {

class Connection;
class ConversationListModel;
class LocalStore;

/// The open conversation: opens it (its rows come from the ConversationLoader: the local cache at
/// once, then `history` or `sync`), sends what the user types through the Outbox (pending until
/// acked, queued behind a streaming reply), streams the assistant's reply into one row, continues
/// it after a reconnect (`generation.resume`) and stops it on request; the people side of rooms
/// and DMs is OpenRoom's and RoomActions'.
class ChatController : public QObject
{
    Q_OBJECT
    /// Setting it opens the conversation (asks the server for its history).
    Q_PROPERTY(
        QString currentConvId READ currentConvId WRITE setCurrentConvId NOTIFY currentConvIdChanged)
    /// The open conversation's name as the list shows it: its title; for a DM the other
    /// person's name.
    Q_PROPERTY(QString currentTitle READ currentTitle NOTIFY currentTitleChanged)
    Q_PROPERTY(palaver::client::MessageListModel* messages READ messages CONSTANT)
    /// A reply is streaming in the open conversation (the Stop button shows).
    Q_PROPERTY(bool streaming READ streaming NOTIFY streamingChanged)
    Q_PROPERTY(bool typewriterEnabled READ typewriterEnabled WRITE setTypewriterEnabled NOTIFY
            typewriterEnabledChanged)
    /// The last thing that went wrong in the chat (load, send, stop), readable; empty when none.
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    /// The model id of the open conversation (the server's default when it names none); with no
    /// conversation open, the model a new one will get.
    Q_PROPERTY(QString currentModel READ currentModel NOTIFY currentSettingsChanged)
    /// The system prompt of the open conversation (or of the next new one).
    Q_PROPERTY(QString currentSystemPrompt READ currentSystemPrompt NOTIFY currentSettingsChanged)
    /// Something typed can go somewhere: a conversation is open (the outbox keeps it while
    /// offline), or the server is reachable to start one. False = a new conversation needs a
    /// connection.
    Q_PROPERTY(bool canSend READ canSend NOTIFY canSendChanged)
    /// The open conversation's kind: "ai" | "room" | "dm"; "" when nothing is open.
    Q_PROPERTY(QString currentKind READ currentKind NOTIFY currentKindChanged)
    /// The user owns the open conversation (may rename, invite, remove and delete).
    Q_PROPERTY(bool currentIsOwner READ currentIsOwner NOTIFY currentKindChanged)
    /// The open room's or DM's people plus the assistant (empty for an AI chat).
    Q_PROPERTY(palaver::client::MemberListModel* members READ members CONSTANT)
    /// "alice is typing…" / "alice and bob are typing…" / "3 people are typing…" / "".
    Q_PROPERTY(QString typingText READ typingText NOTIFY typingTextChanged)
    /// The app's window is active (QML binds it to Qt.application.state): drives read markers,
    /// unread counts, notifications and away.
    Q_PROPERTY(bool windowActive READ windowActive WRITE setWindowActive NOTIFY windowActiveChanged)

public:
    /// `connection` and `conversations` may be null (tests feed server messages directly).
    explicit ChatController(
        Connection* connection, ConversationListModel* conversations, QObject* parent = nullptr);

    QString currentConvId() const { return m_convId; }
    void setCurrentConvId(const QString& convId);
    QString currentTitle() const { return m_title; }
    MessageListModel* messages() { return &m_messages; }
    bool streaming() const { return !m_streams.isEmpty(); }
    bool typewriterEnabled() const { return m_messages.typewriterEnabled(); }
    void setTypewriterEnabled(bool enabled);
    QString errorText() const { return m_errorText; }
    QString currentModel() const { return m_settings.model(); }
    QString currentSystemPrompt() const { return m_settings.systemPrompt(); }
    bool canSend() const { return m_canSend; }
    QString currentKind() const { return m_room.kind(); }
    bool currentIsOwner() const { return m_room.isOwner(); }
    MemberListModel* members() { return m_room.members(); }
    QString typingText() const { return m_room.typingText(); }
    bool windowActive() const { return m_room.windowActive(); }
    void setWindowActive(bool active);
    OpenRoom* room() { return &m_room; }

    /// Sends `text` to the open conversation, creating one first when none is open. In a room or
    /// DM the assistant answers only when `askAssistant` (or the text mentions @assistant).
    Q_INVOKABLE void send(const QString& text, bool askAssistant = false);
    /// The composer's text changed (the other members see "… is typing", throttled).
    Q_INVOKABLE void userTyping();
    /// The composer was emptied (or the user stopped): the others stop seeing them typing.
    Q_INVOKABLE void userStoppedTyping();
    /// Creates a room with these people (usernames) and opens it; a refusal ("No user bob")
    /// goes to errorText.
    Q_INVOKABLE void createRoom(const QString& title, const QStringList& usernames);
    /// Opens the direct messages with `username`, creating them the first time.
    Q_INVOKABLE void openDirectMessage(const QString& username);
    /// Invites `username` into the open room (owner only).
    Q_INVOKABLE void invite(const QString& username);
    /// Takes `userId` out of the open room (owner only).
    Q_INVOKABLE void removeMember(const QString& userId);
    /// Leaves the open room or DM, then opens the newest other conversation.
    Q_INVOKABLE void leaveConversation();
    /// Stops the reply streaming in the open conversation.
    Q_INVOKABLE void stop();
    /// Changes the text of a message not sent yet (pending, queued or failed).
    Q_INVOKABLE void editPending(const QString& clientMsgId, const QString& text);
    /// Takes back a message not sent yet (pending, queued or failed).
    Q_INVOKABLE void removePending(const QString& clientMsgId);
    /// Sends a failed message again (after editing it, if the user wants).
    Q_INVOKABLE void retryFailed(const QString& clientMsgId);
    /// Sends a queued message now instead of when the streaming reply ends.
    Q_INVOKABLE void sendNow(const QString& clientMsgId);
    /// Asks for a new reply that goes on from the ended reply in the row of `msgId` (stopped,
    /// interrupted, failed or cut at the length limit); a refusal sets errorText.
    Q_INVOKABLE void continueReply(const QString& msgId);
    /// Asks for a new answer to the prompt of the ended reply in the row of `msgId`.
    Q_INVOKABLE void retryReply(const QString& msgId);
    /// Answers with `modelId` from now on (conversation.update); with no conversation open, the
    /// next new conversation gets it.
    Q_INVOKABLE void setModel(const QString& modelId);
    /// Sets the system prompt of the open conversation (or of the next new one).
    Q_INVOKABLE void setSystemPrompt(const QString& systemPrompt);
    /// The model a conversation that names none answers with (the welcome's default).
    void setDefaultModel(const QString& modelId);
    /// The server's models (the assistant row of the member list shows their names).
    void setModels(const QList<protocol::ModelInfo>& models);

    Outbox* outbox() { return &m_outbox; }
    /// Where the outbox and the conversation cache live (null: memory only, no cache).
    void setStore(LocalStore* store);

    /// Asks for a new conversation and opens it when the server answers; `firstMessage`, when
    /// given, is sent into it then.
    void createConversation(const QString& title, const QString& firstMessage = {});
    /// Reacts to a server message (the session forwards every one).
    void handleServerMessage(const protocol::ServerMessage& message);
    /// Catches the open conversation up after a (re)connect: history when nothing is cached
    /// (a `sync` of the cached conversations is the session's job), and continues the replies
    /// it was following.
    void reload();
    /// Opens the newest conversation of the list when none is open (after sign-in, or at start
    /// from the cache).
    void openNewest();
    /// The `sync` of `convId` failed: its held messages go without it.
    void syncFailed(const QString& convId);
    /// The signed-in user (from `welcome`, or the cache before it): their messages are the
    /// model's isOwn rows, their name is on what they send, and a DM is named after the other
    /// person when there is no conversation list to say so.
    void setSelf(const QString& userId, const QString& name);

Q_SIGNALS:
    void currentConvIdChanged();
    void currentTitleChanged();
    void streamingChanged();
    void typewriterEnabledChanged();
    void errorTextChanged();
    void currentSettingsChanged();
    void canSendChanged();
    void currentKindChanged();
    void typingTextChanged();
    void windowActiveChanged();
    /// A room or DM action worked: `what` = "invite" | "remove" | "leave" | "createRoom" |
    /// "openDirectMessage" (a dialog closes; on failure it stays and errorText says why).
    void actionSucceeded(const QString& what);
    /// Ask `sync` for `convId` (the session's CacheSync does): the open conversation is cached,
    /// or messages wait there after a (re)connect (answer syncFailed() if it cannot be had).
    void syncRequested(const QString& convId);

private:
    void onConversation(const protocol::ConversationReply& reply);
    void showCachedAndOutbox();
    /// Keeps the prompt queue informed of the replies streaming in every conversation.
    void noteStreaming(const protocol::ServerMessage& message);
    /// Routes a generation message of the open conversation to m_streams.
    void handleGeneration(const protocol::ServerMessage& message);
    void reportOutboxRefusal(bool done, const QString& what);
    /// A (re)connect: the outbox sends what it can; conversations with messages waiting first
    /// learn from a `sync` whether a reply still streams there (the prompt queue).
    void onWelcomed();
    void onError(const protocol::Error& error);
    void sendInto(const QString& convId, const QString& text, bool askAssistant = false);
    void onActionSucceeded(const QString& what, const QString& convId);
    void onDeleted(const protocol::ConversationDeleted& deleted);
    /// Sends without complaining when offline (typing, read markers).
    QString sendQuietly(const protocol::ClientMessage& message);
    bool isCached(const QString& convId) const;
    QString sendRequest(const protocol::ClientMessage& message);
    void setTitle(const QString& title);
    /// What the header calls `conversation`: the list's name for it (a DM: the other person).
    QString titleOf(const protocol::Conversation& conversation) const;
    /// The list changed (renamed, members, who the user is): the title follows it.
    void refreshTitle();
    void setErrorText(const QString& text);
    /// When the list arrives and nothing is open, the newest conversation opens.
    void onConversations();
    void updateCanSend();

    Connection* m_connection;
    ConversationListModel* m_conversations;
    MessageListModel m_messages;
    /// Replies streaming in the open conversation.
    ReplyStreams m_streams;
    ConversationLoader m_loader;
    ReplyActions m_replyActions;
    Outbox m_outbox;
    ConversationSettings m_settings;
    OpenRoom m_room;
    RoomActions m_roomActions;
    LocalStore* m_store = nullptr;
    QString m_convId;
    QString m_title;
    Self m_self;
    QString m_errorText;
    QString m_createRequestId;
    QString m_textAfterCreate;
    QString m_stopRequestId;
    bool m_canSend = false;
};

} // namespace palaver::client
