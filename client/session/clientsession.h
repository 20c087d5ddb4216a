#pragma once

#include "chat/chatcontroller.h"
#include "chat/conversationlistmodel.h"
#include "net/connection.h"
#include "session/sessionstore.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace palaver::client {

/// One per app and the QML entry point: signs in (and remembers the session), keeps the
/// connection, and routes what the server says to the conversation list and the open chat.
class ClientSession : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(QString username READ username NOTIFY usernameChanged)
    /// True once a `welcome` arrived for this session (stays true while reconnecting).
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY signedInChanged)
    /// A server URL and token are remembered: the app can resume at start.
    Q_PROPERTY(
        bool hasRememberedSession READ hasRememberedSession NOTIFY hasRememberedSessionChanged)
    Q_PROPERTY(ConnectionState connectionState READ connectionState NOTIFY connectionStateChanged)
    Q_PROPERTY(QString connectionText READ connectionText NOTIFY connectionStateChanged)
    /// The last sign-in or connection error, readable; empty when none.
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    /// A sign-in is in progress.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY displayNameChanged)
    /// Model names from `welcome`, the default first.
    Q_PROPERTY(QStringList modelNames READ modelNames NOTIFY modelNamesChanged)
    Q_PROPERTY(palaver::client::ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(palaver::client::ChatController* chat READ chat CONSTANT)

public:
    enum ConnectionState { Offline, Connecting, Authenticating, Online };
    Q_ENUM(ConnectionState)

    explicit ClientSession(QObject* parent = nullptr);
    /// `settingsFile`: where to remember the session (an INI file); empty = the user's settings.
    explicit ClientSession(const QString& settingsFile, QObject* parent = nullptr);
    ~ClientSession() override;

    QString serverUrl() const { return m_serverUrl; }
    QString username() const { return m_username; }
    bool signedIn() const { return m_signedIn; }
    bool hasRememberedSession() const { return m_store.hasSession(); }
    ConnectionState connectionState() const;
    QString connectionText() const;
    QString errorText() const { return m_errorText; }
    bool busy() const { return m_busy; }
    QString displayName() const { return m_displayName; }
    QStringList modelNames() const { return m_modelNames; }
    ConversationListModel* conversations() { return &m_conversations; }
    ChatController* chat() { return &m_chat; }
    Connection* connection() { return &m_connection; }

    /// `serverUrl` like ws://127.0.0.1:8765/v1/ws; `http://host:port` and `host:port` work too.
    Q_INVOKABLE void signIn(
        const QString& serverUrl, const QString& username, const QString& password);
    /// Connects with the remembered token; an invalid token signs out.
    Q_INVOKABLE void resumeSession();
    /// Forgets the token and disconnects.
    Q_INVOKABLE void signOut();
    /// Connects again now.
    Q_INVOKABLE void reconnect();

Q_SIGNALS:
    void serverUrlChanged();
    void usernameChanged();
    void signedInChanged();
    void hasRememberedSessionChanged();
    void connectionStateChanged();
    void errorTextChanged();
    void busyChanged();
    void displayNameChanged();
    void modelNamesChanged();

private:
    void wire();
    void onWelcome(const protocol::Welcome& welcome);
    void onAuthenticationFailed(const protocol::Error& error);
    void onSessionInvalid();
    void onClosed();
    void onMessage(const protocol::ServerMessage& message);
    void request(const protocol::ClientMessage& message, const QString& what);
    void endSession(const QString& why);

    void setServerUrl(const QString& url);
    void setUsername(const QString& name);
    void setSignedIn(bool signedIn);
    void setErrorText(const QString& text);
    void setBusy(bool busy);
    void setDisplayName(const QString& name);
    void setModelNames(const QStringList& names);

    SessionStore m_store;
    Connection m_connection;
    ConversationListModel m_conversations;
    ChatController m_chat;
    QString m_serverUrl;
    QString m_username;
    QString m_errorText;
    QString m_displayName;
    QStringList m_modelNames;
    bool m_signedIn = false;
    bool m_busy = false;
    /// Signing in with a remembered token (a refusal then means: sign in again).
    bool m_resuming = false;
    /// Request id → what it was for, so an error answer can say what failed.
    QHash<QString, QString> m_requests;
    /// conversation.delete request id → convId (removed when the server says ok).
    QHash<QString, QString> m_deletes;
};

} // namespace palaver::client
