#pragma once

#include "net/backoffpolicy.h"
#include "net/connectionstatemachine.h"
#include "net/watchdog.h"
#include "protocol/messages.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace palaver::client {

class NetworkMonitor;

/// One WebSocket connection to a Palaver server speaking `palaver.v1`: opens the socket, signs in
/// (login with a password or auth with a token), numbers requests, sends typed client messages and
/// emits every decoded server message. The life cycle lives in ConnectionStateMachine; after an
/// unexpected drop it waits (BackoffPolicy) and reconnects, and a Watchdog finds dead sockets.
class Connection : public QObject
{
    Q_OBJECT

public:
    using State = ConnectionStateMachine::State;

    /// How to sign in: a password (login, answered with a token) or a token (auth).
    struct Credentials
    {
        QString username;
        QString password;
        QString token;
        /// Create the account first (`register` with username and password; answered like
        /// login). Only for the first connection: reconnects use the token it brings.
        bool registerAccount = false;
    };

    explicit Connection(QObject* parent = nullptr);
    ~Connection() override;

    static QString subprotocolName();

    /// Connects to `url` and signs in with `credentials`. A login's token replaces the password
    /// for every later reconnect.
    void open(const QUrl& url, const Credentials& credentials);
    /// Drops the socket (if any) and connects again with the last URL and credentials ("Retry
    /// now" while waiting to retry).
    void reconnect();
    /// Closes on purpose: no automatic reconnect follows.
    void close();

    /// After an unexpected drop while signed in (or while resuming with a token), reconnect with
    /// backoff. Off by default.
    void setAutoReconnect(bool enabled);
    bool autoReconnect() const { return m_autoReconnect; }
    /// Compatibility: `ms` > 0 turns auto-reconnect on with that first backoff ceiling; 0 = off.
    void setAutoReconnectDelay(int ms);
    BackoffPolicy& backoff() { return m_backoff; }
    Watchdog& watchdog() { return m_watchdog; }
    /// Retries at once when `monitor` says the network came back (may be null).
    void setNetworkMonitor(NetworkMonitor* monitor);

    /// An automatic reconnect is scheduled.
    bool reconnectPending() const { return m_reconnectTimer.isActive(); }
    /// Milliseconds until the scheduled reconnect (0 when none).
    int reconnectInMs() const;
    /// The number of the scheduled (or running) reconnect attempt since the last stable connection.
    int reconnectAttempt() const { return m_backoff.attempt(); }
    State state() const { return m_machine.state(); }
    bool isOnline() const { return state() == State::Online; }
    QUrl url() const { return m_url; }
    QString token() const { return m_credentials.token; }
    /// The subprotocol the server accepted (empty until connected).
    QString negotiatedSubprotocol() const;

    QString nextRequestId();
    /// Sends `message`, giving it a request id when it has none. Returns that id, or an empty
    /// string when not online (nothing is sent; the caller tells the user).
    QString send(protocol::ClientMessage message);

Q_SIGNALS:
    void stateChanged(palaver::client::ConnectionStateMachine::State state);
    /// The server accepted the credentials.
    void welcomed(const palaver::protocol::Welcome& welcome);
    /// The server refused the credentials (the socket is closed).
    void authenticationFailed(const palaver::protocol::Error& error);
    /// Close code 4401: the token is no longer valid; sign in again.
    void sessionInvalid();
    /// Every decoded server message except the sign-in answer.
    void messageReceived(const palaver::protocol::ServerMessage& message);
    /// A transport problem, readable by a person.
    void connectionError(const QString& text);
    /// The socket closed (code 0 when it never opened).
    void closed(int closeCode, const QString& reason);
    /// A reconnect is scheduled in `delayMs` (attempt `attempt`).
    void retryScheduled(int delayMs, int attempt);

private:
    void openSocket();
    void onConnected();
    void onDisconnected();
    void onTextMessage(const QString& frame);
    void sendSignIn();
    void reportSocketError();
    bool sendNow(const protocol::ClientMessage& message);
    void onWatchdogTimeout();
    bool shouldRetry(bool invalid, bool onPurpose) const;

    ConnectionStateMachine m_machine;
    QWebSocket* m_socket = nullptr;
    QUrl m_url;
    Credentials m_credentials;
    QString m_signInRequestId;
    quint64 m_nextRequest = 0;
    bool m_closingOnPurpose = false;
    bool m_wasWelcomed = false;
    bool m_errorReported = false;
    bool m_autoReconnect = false;
    QTimer m_reconnectTimer;
    BackoffPolicy m_backoff;
    Watchdog m_watchdog;
    NetworkMonitor* m_network = nullptr;
};

} // namespace palaver::client
