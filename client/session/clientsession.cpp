#include "session/clientsession.h"

#include "net/networkmonitor.h"
#include "session/keychaintokenvault.h"
#include "session/serverurl.h"
#include "store/localstore.h"

#include <QFileInfo>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

ClientSession::ClientSession(QObject* parent)
    : ClientSession(QString(), std::make_unique<KeychainTokenVault>(), parent)
{ }

ClientSession::ClientSession(const QString& settingsFile, QObject* parent)
    : ClientSession(settingsFile,
        settingsFile.isEmpty() ? std::make_unique<KeychainTokenVault>() : nullptr, parent)
{ }

ClientSession::ClientSession(
    const QString& settingsFile, std::unique_ptr<TokenVault> keychain, QObject* parent)
    : QObject(parent)
    , m_settingsFile(settingsFile)
    , m_cacheDirectory(settingsFile.isEmpty() ? QString() : QFileInfo(settingsFile).absolutePath())
    , m_remembered(settingsFile, std::move(keychain), m_cacheDirectory)
    , m_security(settingsFile)
    , m_network(new NetworkMonitor(this))
    , m_cacheSync(&m_connection)
    , m_conversations(this)
    , m_chat(&m_connection, &m_conversations, this)
    , m_notifier(&m_conversations)
    , m_presence([this](const protocol::ClientMessage& m) {
        if (m_connection.isOnline())
            m_connection.send(m);
    })
    , m_pager([this](const protocol::ClientMessage& m) { return m_connection.send(m); })
    , m_serverUrl(m_remembered.serverUrl())
    , m_username(m_remembered.username())
{
    // Until the server says who we are, a DM's other person is the one not named like us.
    setSelf({}, m_username);
    m_countdown.setInterval(1000);
    m_connection.setNetworkMonitor(m_network);
    m_connection.setTlsTrust(&m_security.trust());
    m_probe.setTlsTrust(&m_security.trust());
    wire();
    // The app opens on what it knew last time, before (and without) any server.
    if (m_remembered.hasSession()) {
        openAccount(m_remembered.serverUrl(), m_remembered.username());
        setCacheAvailable(m_localStore != nullptr);
        m_chat.openNewest();
    }
}

ClientSession::~ClientSession()
{
    // The chat and the sync point at the store: detach them before it goes.
    m_chat.setStore(nullptr);
    m_cacheSync.setStore(nullptr);
}

bool ClientSession::openAccount(const QString& serverUrl, const QString& username)
{
    const QString path
        = LocalStore::pathFor(accountServerName(serverUrl), username, m_cacheDirectory);
    if (path == m_account) {
        if (!m_localStore)
            openLocalStore(path); // it failed before: try again
        return false;
    }
    m_account = path;
    m_announcements.clear();
    m_announcements.setDismissalScope(m_settingsFile, accountServerName(serverUrl));
    // Closed first: the previous account's conversation must not be asked of the new server.
    m_chat.setCurrentConvId({});
    openLocalStore(path);
    const auto user = m_localStore ? m_localStore->user() : std::nullopt;
    setSelf(user ? user->id : QString(), user ? user->name : username);
    setDisplayName(user ? user->name : QString());
    m_conversations.setConversations(
        m_localStore ? m_localStore->conversations() : QList<protocol::Conversation>());
    // The previous server's models are not this one's; its welcome names them.
    setModelNames({});
    m_models.setModels({});
    m_chat.setDefaultModel({});
    m_chat.setModels({});
    return true;
}

void ClientSession::setSelf(const QString& userId, const QString& name)
{
    m_conversations.setSelf(userId, name);
    m_chat.setSelf(userId, name);
}

void ClientSession::openLocalStore(const QString& path)
{
    m_chat.setStore(nullptr);
    m_cacheSync.setStore(nullptr);
    m_localStore = std::make_unique<LocalStore>(path);
    if (!m_localStore->isOpen()) {
        setErrorText(tr("Working without a local cache: %1").arg(m_localStore->errorText()));
        m_localStore.reset();
        return;
    }
    m_chat.setStore(m_localStore.get());
    m_cacheSync.setStore(m_localStore.get());
}

void ClientSession::wire()
{
    connect(&m_remembered, &RememberedSession::hasSessionChanged, this,
        &ClientSession::hasRememberedSessionChanged);
    connect(&m_remembered, &RememberedSession::tokenStorageChanged, this,
        &ClientSession::tokenStorageChanged);
    connect(&m_remembered, &RememberedSession::errorOccurred, this, &ClientSession::setErrorText);
    connect(&m_connection, &Connection::stateChanged, this, [this] {
        if (m_connection.state() != Connection::State::WaitingToRetry)
            m_countdown.stop();
        Q_EMIT connectionStateChanged();
        Q_EMIT reconnectChanged();
        Q_EMIT connectionTextChanged();
    });
    connect(&m_connection, &Connection::retryScheduled, this, [this] {
        m_countdown.start();
        Q_EMIT reconnectChanged();
        Q_EMIT connectionTextChanged();
    });
    connect(&m_countdown, &QTimer::timeout, this, [this] {
        Q_EMIT reconnectChanged();
        Q_EMIT connectionTextChanged();
    });
    connect(&m_chat, &ChatController::syncRequested, &m_cacheSync, &CacheSync::sync);
    connect(&m_chat, &ChatController::windowActiveChanged, this,
        [this] { m_presence.setWindowActive(m_chat.windowActive()); });
    connect(&m_connection, &Connection::welcomed, &m_presence, &PresenceReporter::connected);
    connect(&m_notifier, &Notifier::activated, &m_chat, &ChatController::setCurrentConvId);
    connect(&m_probe, &ServerInfoProbe::finished, this,
        [this](bool, bool registrationOpen) { setRegistrationOpen(registrationOpen); });
    connect(&m_probe, &ServerInfoProbe::reached, &m_security, &ServerSecurity::noteReached);
    connect(
        &m_probe, &ServerInfoProbe::certificateRejected, &m_security, &ServerSecurity::showRefused);
    connect(&m_security, &ServerSecurity::insecureWarningChanged, this,
        &ClientSession::insecureWarningChanged);
    connect(&m_connection, &Connection::socketOpened, this, &ClientSession::onSocketOpened);
    connect(
        &m_connection, &Connection::certificateRejected, &m_security, &ServerSecurity::showRefused);
    connect(&m_cacheSync, &CacheSync::errorOccurred, this, &ClientSession::setErrorText);
    connect(&m_cacheSync, &CacheSync::syncFailed, &m_chat, &ChatController::syncFailed);
    connect(&m_connection, &Connection::welcomed, this, &ClientSession::onWelcome);
    connect(&m_connection, &Connection::authenticationFailed, this,
        &ClientSession::onAuthenticationFailed);
    connect(&m_connection, &Connection::sessionInvalid, this, &ClientSession::onSessionInvalid);
    connect(&m_connection, &Connection::connectionError, this, &ClientSession::setErrorText);
    connect(&m_connection, &Connection::closed, this, &ClientSession::onClosed);
    connect(&m_connection, &Connection::messageReceived, this, &ClientSession::onMessage);

    connect(&m_conversations, &ConversationListModel::createRequested, this,
        [this](const QString& title) { m_chat.createConversation(title); });
    connect(&m_conversations, &ConversationListModel::renameRequested, this,
        [this](const QString& convId, const QString& title) {
            protocol::ConversationUpdate update;
            update.convId = convId;
            update.title = title;
            request(update, tr("Could not rename the conversation"));
        });
    connect(&m_conversations, &ConversationListModel::removeRequested, this,
        [this](const QString& convId) {
            const QString id = m_connection.send(protocol::ConversationDelete { {}, convId });
            if (id.isEmpty()) {
                setErrorText(tr("You are offline: the conversation was not deleted."));
                return;
            }
            m_requests.insert(id, tr("Could not delete the conversation"));
            m_deletes.insert(id, convId);
        });
}

ClientSession::ConnectionState ClientSession::connectionState() const
{
    return ConnectionState(int(m_connection.state()));
}

QString ClientSession::connectionText() const
{
    if (m_connection.state() == Connection::State::WaitingToRetry) {
        const int seconds = (reconnectInMs() + 999) / 1000;
        if (seconds > 0)
            return tr("Reconnecting in %1 s (attempt %2)").arg(seconds).arg(reconnectAttempt());
    }
    return ConnectionStateMachine::displayText(m_connection.state());
}

int ClientSession::reconnectInMs() const
{
    return m_connection.state() == Connection::State::WaitingToRetry ? m_connection.reconnectInMs()
                                                                     : 0;
}

int ClientSession::reconnectAttempt() const
{
    return m_connection.state() == Connection::State::WaitingToRetry
        ? m_connection.reconnectAttempt()
        : 0;
}

void ClientSession::signIn(
    const QString& serverUrl, const QString& username, const QString& password)
{
    start(serverUrl, username, password, false);
}

void ClientSession::signUp(
    const QString& serverUrl, const QString& username, const QString& password)
{
    start(serverUrl, username, password, true);
}

void ClientSession::checkServer(const QString& serverUrl)
{
    m_security.setAddress(serverUrl);
    const auto address = parseServerAddress(serverUrl);
    m_probe.check(address ? m_security.candidates(*address) : QList<QUrl>());
}

void ClientSession::start(const QString& serverUrl, const QString& username,
    const QString& password, bool registerAccount)
{
    const auto address = parseServerAddress(serverUrl);
    if (!address) {
        setErrorText(tr("“%1” is not a server address. Try host:port, for example "
                        "127.0.0.1:8765.")
                         .arg(serverUrl));
        return;
    }
    if (username.trimmed().isEmpty() || password.isEmpty()) {
        setErrorText(tr("Enter a username and a password."));
        return;
    }
    setErrorText({});
    m_security.setAddress(serverUrl);
    m_security.certificate()->clear(); // this attempt shows its own
    const QList<QUrl> candidates = m_security.candidates(*address);
    m_security.beginAttempt(*address);
    setServerUrl(candidates.constFirst().toString());
    setUsername(username.trimmed());
    // Another account's cache is not what this sign-in shows: the sign-in form stays up until
    // the welcome (and says why if it fails).
    if (openAccount(m_serverUrl, m_username))
        setCacheAvailable(false);
    m_resuming = false;
    m_signingUp = registerAccount;
    m_remembered.cancelRead();
    setBusy(true);
    m_connection.open(candidates, { username.trimmed(), password, {}, registerAccount });
}

void ClientSession::resumeSession()
{
    if (!m_remembered.hasSession()) {
        setErrorText(tr("There is no remembered session: sign in."));
        return;
    }
    setErrorText({});
    setServerUrl(m_remembered.serverUrl());
    setUsername(m_remembered.username());
    m_security.setAddress(m_serverUrl);
    if (openAccount(m_serverUrl, m_username))
        m_chat.openNewest(); // as at start: what the remembered account knew last time
    setCacheAvailable(m_localStore != nullptr);
    m_resuming = true;
    // A remembered session is ours to keep trying (the app may start before the network).
    m_connection.setAutoReconnect(true);
    setBusy(true);
    const QUrl url(m_serverUrl);
    const QString username = m_username;
    // The keychain answers later: connect once the token is read.
    m_remembered.readToken([this, url, username](const QString& token, const QString& error) {
        if (!token.isEmpty()) {
            m_connection.open(url, { username, {}, token, false });
            return;
        }
        m_resuming = false;
        setBusy(false);
        endSession(error.isEmpty()
                ? tr("Your saved session was not found in %1. Please sign in again.")
                      .arg(m_remembered.tokenStorage())
                : tr("Your saved session could not be read (%1). Please sign in again.")
                      .arg(error));
    });
}

void ClientSession::signOut()
{
    m_connection.setAutoReconnect(false);
    m_connection.close();
    endSession({});
}

void ClientSession::reconnect()
{
    if (!m_signedIn && !m_busy) {
        if (m_remembered.hasSession())
            resumeSession();
        else
            setErrorText(tr("Sign in first."));
        return;
    }
    setErrorText({});
    m_connection.reconnect();
}

void ClientSession::trustCertificate()
{
    const QString endpoint = m_security.certificate()->endpoint();
    const QString error = m_security.trustShown();
    setErrorText(error);
    if (endpoint.isEmpty())
        return;
    // The refused attempt's URL and credentials are still the connection's: try them again.
    if (m_connection.url().isValid() && TlsTrust::endpointOf(m_connection.url()) == endpoint
        && (m_connection.state() == Connection::State::Offline
            || m_connection.state() == Connection::State::WaitingToRetry)) {
        setBusy(true);
        m_connection.reconnect();
    } else {
        checkServer(m_security.address());
    }
}

void ClientSession::onSocketOpened(const QUrl& url, bool fellBack)
{
    m_security.noteReached(url);
    setServerUrl(url.toString());
    const bool sendsPassword = !m_resuming && !m_signedIn;
    if (sendsPassword && m_security.plainNeedsConsent(url, fellBack)) {
        setErrorText(tr("%1 does not offer an encrypted connection, so your password would be "
                        "sent unencrypted. Press Sign in again to send it anyway.")
                         .arg(url.host()));
        m_connection.close();
    }
}

void ClientSession::onWelcome(const protocol::Welcome& welcome)
{
    m_remembered.remember(m_serverUrl, m_username, m_connection.token());
    setErrorText({});
    setBusy(false);
    m_resuming = false;
    m_signingUp = false;
    setDisplayName(welcome.user.name);
    setSelf(welcome.user.id, welcome.user.name);
    // So the next start without the server still knows which messages are the user's own.
    if (m_localStore && !m_localStore->setUser(welcome.user))
        setErrorText(m_localStore->errorText());
    QStringList names;
    for (const auto& model : welcome.models) {
        if (model.isDefault)
            names.prepend(model.name);
        else
            names.append(model.name);
    }
    setModelNames(names);
    m_models.setModels(welcome.models);
    m_chat.setDefaultModel(m_models.defaultModelId());
    m_chat.setModels(welcome.models);
    setSignedIn(true);
    setCacheAvailable(m_localStore != nullptr);
    m_connection.setAutoReconnect(true);
    // The server sends the announcements valid now right after its welcome.
    m_announcements.clear();
    if (!m_pager.start())
        setErrorText(tr("Could not load your conversations: you are offline."));
    m_chat.reload();
    m_cacheSync.syncAll();
}

void ClientSession::onAuthenticationFailed(const protocol::Error& error)
{
    setBusy(false);
    if (m_resuming || m_signedIn) {
        // The remembered token no longer works: back to the sign-in form.
        m_resuming = false;
        endSession(tr("Your session has ended (%1). Please sign in again.").arg(error.message));
        return;
    }
    setErrorText(m_signingUp ? tr("Sign-up failed: %1").arg(error.message)
                             : tr("Sign-in failed: %1").arg(error.message));
    m_signingUp = false;
}

void ClientSession::onSessionInvalid()
{
    m_resuming = false;
    setBusy(false);
    endSession(tr("Your session has ended. Please sign in again."));
}

void ClientSession::onClosed()
{
    m_cacheSync.connectionLost();
    m_pager.cancel();
    m_requests.clear();
    m_deletes.clear();
    if (m_busy) {
        setBusy(false);
        if (m_errorText.isEmpty())
            setErrorText(tr("The server closed the connection."));
    }
}

void ClientSession::endSession(const QString& why)
{
    m_remembered.forget();
    m_chat.setCurrentConvId({});
    m_conversations.setConversations({});
    setSignedIn(false);
    setCacheAvailable(false);
    setDisplayName({});
    setModelNames({});
    m_models.setModels({});
    m_chat.setDefaultModel({});
    m_announcements.clear();
    setErrorText(why);
}

void ClientSession::request(const protocol::ClientMessage& message, const QString& what)
{
    const QString id = m_connection.send(message);
    if (id.isEmpty())
        setErrorText(tr("%1: you are offline.").arg(what));
    else
        m_requests.insert(id, what);
}

void ClientSession::onMessage(const protocol::ServerMessage& message)
{
    if (const auto* page = std::get_if<protocol::ConversationsReply>(&message)) {
        // One page is not the list: only the whole of it goes on (a conversation missing from
        // it is gone, for the list, the cache and the open chat).
        if (const auto whole = m_pager.handle(*page))
            deliver(*whole);
        return;
    }
    if (const auto* error = std::get_if<protocol::Error>(&message)) {
        QString failure;
        if (m_pager.handleError(*error, &failure)) {
            if (!failure.isEmpty())
                setErrorText(tr("Could not load your conversations: %1").arg(failure));
            return;
        }
    }
    deliver(message);
}

void ClientSession::deliver(const protocol::ServerMessage& message)
{
    // Cached first, so whoever reacts next reads a store that already has it.
    m_cacheSync.handleServerMessage(message);
    if (const auto* list = std::get_if<protocol::ConversationsReply>(&message)) {
        m_requests.remove(list->id);
        m_conversations.setConversations(list->items);
    } else if (const auto* one = std::get_if<protocol::ConversationReply>(&message)) {
        m_requests.remove(one->id);
        m_conversations.upsert(one->conversation);
    } else if (const auto* announcement = std::get_if<protocol::Announcement>(&message)) {
        m_announcements.handle(*announcement);
        return;
    } else if (const auto* gone = std::get_if<protocol::ConversationDeleted>(&message)) {
        m_conversations.removeById(gone->convId);
    } else if (const auto* ok = std::get_if<protocol::Ok>(&message)) {
        m_requests.remove(ok->id);
        const QString convId = m_deletes.take(ok->id);
        if (!convId.isEmpty()) {
            if (m_localStore && !m_localStore->removeConversation(convId))
                setErrorText(m_localStore->errorText());
            m_conversations.removeById(convId);
            if (m_chat.currentConvId() == convId)
                m_chat.setCurrentConvId({});
        }
    } else if (const auto* error = std::get_if<protocol::Error>(&message)) {
        const QString what = m_requests.take(error->id);
        m_deletes.remove(error->id);
        if (!what.isEmpty())
            setErrorText(tr("%1: %2").arg(what, error->message));
    }
    m_conversations.handleLiveEvent(message);
    m_notifier.handleServerMessage(message);
    m_chat.handleServerMessage(message);
}

void ClientSession::setServerUrl(const QString& url)
{
    if (m_serverUrl == url)
        return;
    m_serverUrl = url;
    Q_EMIT serverUrlChanged();
}

void ClientSession::setUsername(const QString& name)
{
    if (m_username == name)
        return;
    m_username = name;
    Q_EMIT usernameChanged();
}

void ClientSession::setSignedIn(bool signedIn)
{
    if (m_signedIn == signedIn)
        return;
    m_signedIn = signedIn;
    Q_EMIT signedInChanged();
}

void ClientSession::setCacheAvailable(bool available)
{
    if (m_cacheAvailable == available)
        return;
    m_cacheAvailable = available;
    Q_EMIT cacheAvailableChanged();
}

void ClientSession::setErrorText(const QString& text)
{
    if (m_errorText == text)
        return;
    m_errorText = text;
    Q_EMIT errorTextChanged();
}

void ClientSession::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void ClientSession::setDisplayName(const QString& name)
{
    if (m_displayName == name)
        return;
    m_displayName = name;
    Q_EMIT displayNameChanged();
}

void ClientSession::setRegistrationOpen(bool open)
{
    if (m_registrationOpen == open)
        return;
    m_registrationOpen = open;
    Q_EMIT registrationOpenChanged();
}

void ClientSession::setModelNames(const QStringList& names)
{
    if (m_modelNames == names)
        return;
    m_modelNames = names;
    Q_EMIT modelNamesChanged();
}

} // namespace palaver::client
