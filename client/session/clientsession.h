#pragma once

#include "announcements/announcementlistmodel.h"
#include "chat/chatcontroller.h"
#include "chat/conversationlistmodel.h"
#include "net/connection.h"
#include "rooms/notifier.h"
#include "rooms/presencereporter.h"
#include "session/conversationpager.h"
#include "session/modellistmodel.h"
#include "session/rememberedsession.h"
#include "session/serverinfoprobe.h"
#include "session/serversecurity.h"
#include "store/cachesync.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace palaver::client {

class LocalStore;
class NetworkMonitor;

/// One per app and the QML entry point: signs in (and remembers the session), keeps the
/// connection (reconnecting with backoff), opens the local cache and outbox of the server and
/// user, and routes what the server says to the cache, the conversation list and the open chat.
class ClientSession : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(QString username READ username NOTIFY usernameChanged)
    /// True once a `welcome` arrived for this session (stays true while reconnecting).
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY signedInChanged)
    /// The local cache of the remembered (or signed-in) server and user is open: conversations
    /// and messages can be shown before, or without, the server. Show the chat when
    /// `signedIn || cacheAvailable`.
    Q_PROPERTY(bool cacheAvailable READ cacheAvailable NOTIFY cacheAvailableChanged)
    /// A server URL and token are remembered: the app can resume at start.
    Q_PROPERTY(
        bool hasRememberedSession READ hasRememberedSession NOTIFY hasRememberedSessionChanged)
    /// Where the session token is kept, for a sentence like "Your session is kept in %1":
    /// "the system keychain" or "a private file" (no keychain here, or it failed).
    Q_PROPERTY(QString tokenStorage READ tokenStorage NOTIFY tokenStorageChanged)
    Q_PROPERTY(ConnectionState connectionState READ connectionState NOTIFY connectionStateChanged)
    /// "Connected", "Reconnecting in 4 s (attempt 3)", …: what the status line shows.
    Q_PROPERTY(QString connectionText READ connectionText NOTIFY connectionTextChanged)
    /// While WaitingToRetry: milliseconds until the next attempt (updated every second); else 0.
    Q_PROPERTY(int reconnectInMs READ reconnectInMs NOTIFY reconnectChanged)
    /// While WaitingToRetry: the number of the attempt being waited for (1, 2, …); else 0.
    Q_PROPERTY(int reconnectAttempt READ reconnectAttempt NOTIFY reconnectChanged)
    /// The last sign-in or connection error, readable; empty when none.
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    /// A sign-in is in progress.
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY displayNameChanged)
    /// Model names from `welcome`, the default first.
    Q_PROPERTY(QStringList modelNames READ modelNames NOTIFY modelNamesChanged)
    /// The models from `welcome` (modelId, name, isDefault), in the server's order: the picker.
    Q_PROPERTY(palaver::client::ModelListModel* models READ models CONSTANT)
    Q_PROPERTY(palaver::client::ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(palaver::client::ChatController* chat READ chat CONSTANT)
    /// The server last checked (checkServer) allows sign-up: offer "Create an account".
    Q_PROPERTY(bool registrationOpen READ registrationOpen NOTIFY registrationOpenChanged)
    /// Says when a desktop notification is due (`notificationRequested`); the app shows it and
    /// calls `activate(convId)` when it is clicked.
    Q_PROPERTY(palaver::client::Notifier* notifier READ notifier CONSTANT)
    /// Non-empty while the server address (the one last checked, or signed in with) is plain
    /// `ws://` to a host that is not loopback: "Not encrypted: …". The sign-in page shows it.
    Q_PROPERTY(QString insecureWarning READ insecureWarning NOTIFY insecureWarningChanged)
    /// The connection is up (or signing in) over TLS.
    Q_PROPERTY(bool connectionEncrypted READ connectionEncrypted NOTIFY connectionStateChanged)
    /// The server certificate just refused, with its details (`present` false when none); the
    /// sign-in page shows it and offers trustCertificate().
    Q_PROPERTY(palaver::client::CertificateCheck* certificate READ certificate CONSTANT)
    /// The operator's announcements valid now and not dismissed: the banners.
    Q_PROPERTY(palaver::client::AnnouncementListModel* announcements READ announcements CONSTANT)

public:
    /// WaitingToRetry: the connection dropped and a reconnect is scheduled (reconnect() = now).
    enum ConnectionState { Offline, Connecting, Authenticating, Online, WaitingToRetry };
    Q_ENUM(ConnectionState)

    /// The app's session: the user's settings, the token in the system keychain (a private
    /// file in the app data directory when there is none).
    explicit ClientSession(QObject* parent = nullptr);
    /// `settingsFile`: where to remember the session (an INI file); empty = the user's settings.
    /// The local cache (one SQLite file per server and user) and the private token file go next
    /// to `settingsFile`, or in the app data directory when it is empty. With a `settingsFile`
    /// no keychain is used (tests), unless one is given to the constructor below.
    explicit ClientSession(const QString& settingsFile, QObject* parent = nullptr);
    /// `keychain`: where tokens go first (null: the private file only); tests give a fake one.
    ClientSession(const QString& settingsFile, std::unique_ptr<TokenVault> keychain,
        QObject* parent = nullptr);
    ~ClientSession() override;

    QString serverUrl() const { return m_serverUrl; }
    QString username() const { return m_username; }
    bool signedIn() const { return m_signedIn; }
    bool hasRememberedSession() const { return m_remembered.hasSession(); }
    bool cacheAvailable() const { return m_cacheAvailable; }
    QString tokenStorage() const { return m_remembered.tokenStorage(); }
    ConnectionState connectionState() const;
    QString connectionText() const;
    int reconnectInMs() const;
    int reconnectAttempt() const;
    QString errorText() const { return m_errorText; }
    bool busy() const { return m_busy; }
    QString displayName() const { return m_displayName; }
    QStringList modelNames() const { return m_modelNames; }
    ModelListModel* models() { return &m_models; }
    ConversationListModel* conversations() { return &m_conversations; }
    ChatController* chat() { return &m_chat; }
    bool registrationOpen() const { return m_registrationOpen; }
    Notifier* notifier() { return &m_notifier; }
    QString insecureWarning() const { return m_security.insecureWarning(); }
    bool connectionEncrypted() const { return m_connection.isEncrypted(); }
    CertificateCheck* certificate() { return m_security.certificate(); }
    AnnouncementListModel* announcements() { return &m_announcements; }
    /// Extra CAs and pinned certificates (tests give their CA here; the app's `--ca-file` goes
    /// into the process's default TLS configuration, which this starts from).
    TlsTrust& tlsTrust() { return m_security.trust(); }
    PresenceReporter* presenceReporter() { return &m_presence; }
    ServerInfoProbe* serverInfoProbe() { return &m_probe; }
    Connection* connection() { return &m_connection; }
    /// The cache and outbox of the current server and user (null before one is known).
    LocalStore* localStore() { return m_localStore.get(); }
    NetworkMonitor* networkMonitor() { return m_network; }

    /// `serverUrl` like ws://127.0.0.1:8765/v1/ws; `http://host:port` and `host:port` work too.
    Q_INVOKABLE void signIn(
        const QString& serverUrl, const QString& username, const QString& password);
    /// Creates an account (`register`) and signs in with it exactly like signIn(). A refusal
    /// (sign-up closed, name taken, too short a password) goes to errorText.
    Q_INVOKABLE void signUp(
        const QString& serverUrl, const QString& username, const QString& password);
    /// Asks `serverUrl` (GET /v1/info) whether it allows sign-up; sets registrationOpen (false
    /// on any failure). The sign-in page calls it when the server field settles.
    Q_INVOKABLE void checkServer(const QString& serverUrl);
    /// Connects with the remembered token; an invalid token signs out.
    Q_INVOKABLE void resumeSession();
    /// Forgets the token and disconnects.
    Q_INVOKABLE void signOut();
    /// Connects again now ("Retry now" while waiting to retry).
    Q_INVOKABLE void reconnect();
    /// Trusts the certificate shown (`certificate`) for its host and port, in this run and later
    /// ones (its SHA-256 is pinned: another certificate there is refused again), and tries the
    /// sign-in again.
    Q_INVOKABLE void trustCertificate();

Q_SIGNALS:
    void serverUrlChanged();
    void usernameChanged();
    void signedInChanged();
    void hasRememberedSessionChanged();
    void tokenStorageChanged();
    void cacheAvailableChanged();
    void connectionStateChanged();
    void connectionTextChanged();
    void reconnectChanged();
    void errorTextChanged();
    void busyChanged();
    void displayNameChanged();
    void modelNamesChanged();
    void registrationOpenChanged();
    void insecureWarningChanged();

private:
    void wire();
    void onWelcome(const protocol::Welcome& welcome);
    void onAuthenticationFailed(const protocol::Error& error);
    void onSessionInvalid();
    void onClosed();
    /// The WebSocket is open: remember the scheme that worked; a password is not sent in the
    /// clear to a server that quietly turned out to speak no TLS (the warning shows first).
    void onSocketOpened(const QUrl& url, bool fellBack);
    void onMessage(const protocol::ServerMessage& message);
    /// Routes a message to the cache, the list and the chat (the list whole, never one page).
    void deliver(const protocol::ServerMessage& message);
    void request(const protocol::ClientMessage& message, const QString& what);
    void endSession(const QString& why);
    /// Shows the account of `serverUrl` + `username`. When it is another one than shown (another
    /// server, another user), nothing of the previous one stays: the open chat closes, and the
    /// list, who the user is and the models start over from the new account's own cache (the
    /// server's answers follow its welcome). Returns true when the account changed.
    bool openAccount(const QString& serverUrl, const QString& username);
    /// Opens the cache and outbox at `path` (null store when it cannot be opened; errorText says).
    void openLocalStore(const QString& path);
    /// Who the user is, for the list (a DM's other person) and the chat (their own messages).
    void setSelf(const QString& userId, const QString& name);

    void setServerUrl(const QString& url);
    void setUsername(const QString& name);
    void setSignedIn(bool signedIn);
    void setCacheAvailable(bool available);
    void setErrorText(const QString& text);
    void setBusy(bool busy);
    void setDisplayName(const QString& name);
    void setModelNames(const QStringList& names);
    void setRegistrationOpen(bool open);
    /// signIn and signUp: `registerAccount` sends `register` instead of `login`.
    void start(const QString& serverUrl, const QString& username, const QString& password,
        bool registerAccount);

    QString m_settingsFile;
    QString m_cacheDirectory;
    /// The account shown (its cache file): the list, the chat and the store belong to it.
    QString m_account;
    RememberedSession m_remembered;
    ServerSecurity m_security;
    std::unique_ptr<LocalStore> m_localStore;
    Connection m_connection;
    NetworkMonitor* m_network = nullptr;
    CacheSync m_cacheSync;
    /// Ticks the "Reconnecting in N s" countdown.
    QTimer m_countdown;
    ModelListModel m_models;
    ConversationListModel m_conversations;
    ChatController m_chat;
    Notifier m_notifier;
    PresenceReporter m_presence;
    ConversationPager m_pager;
    ServerInfoProbe m_probe;
    AnnouncementListModel m_announcements;
    QString m_serverUrl;
    QString m_username;
    QString m_errorText;
    QString m_displayName;
    QStringList m_modelNames;
    bool m_signedIn = false;
    bool m_cacheAvailable = false;
    bool m_busy = false;
    bool m_registrationOpen = false;
    /// The sign-in in progress creates the account (its refusal says "Sign-up failed").
    bool m_signingUp = false;
    /// Signing in with a remembered token (a refusal then means: sign in again).
    bool m_resuming = false;
    /// Request id → what it was for, so an error answer can say what failed.
    QHash<QString, QString> m_requests;
    /// conversation.delete request id → convId (removed when the server says ok).
    QHash<QString, QString> m_deletes;
};

} // namespace palaver::client
