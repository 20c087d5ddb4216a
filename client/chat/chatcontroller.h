#pragma once

#include "chat/messagelistmodel.h"
#include "protocol/messages.h"

#include <QHash>
#include <QMap>
#include <QObject>

namespace palaver::client {

class Connection;
class ConversationListModel;

/// The open conversation: loads its history, sends what the user types (pending until acked),
/// streams the assistant's reply into one row and stops it on request.
class ChatController : public QObject
{
    Q_OBJECT
    /// Setting it opens the conversation (asks the server for its history).
    Q_PROPERTY(
        QString currentConvId READ currentConvId WRITE setCurrentConvId NOTIFY currentConvIdChanged)
    Q_PROPERTY(QString currentTitle READ currentTitle NOTIFY currentTitleChanged)
    Q_PROPERTY(palaver::client::MessageListModel* messages READ messages CONSTANT)
    /// A reply is streaming in the open conversation (the Stop button shows).
    Q_PROPERTY(bool streaming READ streaming NOTIFY streamingChanged)
    Q_PROPERTY(bool typewriterEnabled READ typewriterEnabled WRITE setTypewriterEnabled NOTIFY
            typewriterEnabledChanged)
    /// The last thing that went wrong in the chat (load, send, stop), readable; empty when none.
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)

public:
    /// `connection` and `conversations` may be null (tests feed server messages directly).
    explicit ChatController(
        Connection* connection, ConversationListModel* conversations, QObject* parent = nullptr);

    QString currentConvId() const { return m_convId; }
    void setCurrentConvId(const QString& convId);
    QString currentTitle() const { return m_title; }
    MessageListModel* messages() { return &m_messages; }
    bool streaming() const { return !m_generations.isEmpty(); }
    bool typewriterEnabled() const { return m_messages.typewriterEnabled(); }
    void setTypewriterEnabled(bool enabled);
    QString errorText() const { return m_errorText; }

    /// Sends `text` to the open conversation, creating one first when none is open.
    Q_INVOKABLE void send(const QString& text);
    /// Stops the reply streaming in the open conversation.
    Q_INVOKABLE void stop();

    /// Asks for a new conversation and opens it when the server answers; `firstMessage`, when
    /// given, is sent into it then.
    void createConversation(const QString& title, const QString& firstMessage = {});
    /// Reacts to a server message (the session forwards every one).
    void handleServerMessage(const protocol::ServerMessage& message);
    /// Loads the open conversation again (after a reconnect).
    void reload();
    /// The name shown on the user's own pending messages.
    void setUserName(const QString& name) { m_userName = name; }

Q_SIGNALS:
    void currentConvIdChanged();
    void currentTitleChanged();
    void streamingChanged();
    void typewriterEnabledChanged();
    void errorTextChanged();

private:
    struct Generation
    {
        QString msgId;
        qint64 lastDeltaSeq = 0;
        /// Deltas that came ahead of a gap (live ones while a resume fills in the start).
        QMap<qint64, QString> early;
        /// A resume is filling in text streamed before we watched: shown at once, not typed.
        bool catchingUp = false;
    };

    void onHistory(const protocol::HistoryReply& reply);
    void onConversation(const protocol::ConversationReply& reply);
    void onGenerationStart(const protocol::GenerationStart& start);
    void onGenerationDelta(const protocol::GenerationDelta& delta);
    void onGenerationEnd(const protocol::GenerationEnd& end);
    void onSnapshot(const protocol::GenerationSnapshot& snapshot);
    /// Applies the early deltas that now follow on without a gap.
    void flushEarly(Generation& generation);
    void onError(const protocol::Error& error);
    void sendInto(const QString& convId, const QString& text);
    void requestHistory();
    QString sendRequest(const protocol::ClientMessage& message);
    void setTitle(const QString& title);
    void setErrorText(const QString& text);
    void setGenerations(const QHash<QString, Generation>& generations);

    Connection* m_connection;
    ConversationListModel* m_conversations;
    MessageListModel m_messages;
    QString m_convId;
    QString m_title;
    QString m_userName;
    QString m_errorText;
    /// Replies streaming in the open conversation, by genId.
    QHash<QString, Generation> m_generations;
    QString m_historyRequestId;
    QString m_createRequestId;
    QString m_textAfterCreate;
    /// message.send request id → clientMsgId, so an error can mark the right row.
    QHash<QString, QString> m_sendRequests;
    QString m_stopRequestId;
    QString m_latestGenId;
};

} // namespace palaver::client
