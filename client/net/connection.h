#pragma once

#include "net/backoffpolicy.h"
#include "net/certificateproblem.h"
#include "net/connectionstatemachine.h"
#include "net/watchdog.h"
#include "protocol/messages.h"

#include <QAbstractSocket>
#include <QObject>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace palaver::client {

class NetworkMonitor;
class TlsTrust;

/// One WebSocket connection to a Palaver server speaking `palaver.v1`: opens the socket, signs in
/// (login with a password or auth with a token), numbers requests, sends typed client messages and
/// emits every decoded server message. The life cycle lives in ConnectionStateMachine; after an
/// unexpected drop it waits (BackoffPolicy) and reconnects, and a Watchdog finds dead sockets.
/// TLS: certificates are checked against TlsTrust (system CAs, extra CAs, pins); an untrusted one
/// fails the connection with certificateRejected(), never retried. Given several URLs it tries
/// the next only when the server plainly speaks no TLS (see isPlainServerFailure()).
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
    /// The same, trying `candidates` in turn (`wss://…` then `ws://…`, see connectCandidates()):
    /// the next one only when the previous failed because the server speaks plain, never after a
    /// certificate error. The URL that worked is used for every reconnect.
    void open(const QList<QUrl>& candidates, const Credentials& credentials);
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
    /// Which certificates to accept (not owned; null: the system's CAs only).
    void setTlsTrust(const TlsTrust* trust) { m_trust = trust; }
    /// The certificate refused by the last attempt (null when none).
    const CertificateProblem& certificateProblem() const { return m_certificateProblem; }

    /// An automatic reconnect is scheduled.
    bool reconnectPending() const { return m_reconnectTimer.isActive(); }
    /// Milliseconds until the scheduled reconnect (0 when none).
    int reconnectInMs() const;
    /// The number of the scheduled (or running) reconnect attempt since the last stable connection.
    int reconnectAttempt() const { return m_backoff.attempt(); }
    State state() const { return m_machine.state(); }
    bool isOnline() const { return state() == State::Online; }
    QUrl url() const { return m_url; }
    /// Signed in (or signing in) over TLS.
    bool isEncrypted() const;
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
    /// The WebSocket to `url` is open, sign-in not sent yet. `fellBack`: it is not the first
    /// candidate (the server speaks no TLS). A receiver may close() here: nothing is sent then.
    void socketOpened(const QUrl& url, bool fellBack);
    /// The server's certificate is not trusted: the connection failed and is not retried.
    void certificateRejected(const palaver::client::CertificateProblem& problem);

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
    void onSslErrors(const QList<QSslError>& errors);
    /// Moves on to the next candidate when `error` says the server speaks plain; true if so.
    bool tryNextCandidate(QAbstractSocket::SocketError error);
    /// Reports the failure of an attempt (the certificate, or the socket's error) once.
    void reportFailure();

    ConnectionStateMachine m_machine;
    QWebSocket* m_socket = nullptr;
    QUrl m_url;
    /// What open() was given; m_url is the one being tried. One entry once connected.
    QList<QUrl> m_candidates;
    qsizetype m_candidate = 0;
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
    const TlsTrust* m_trust = nullptr;
    CertificateProblem m_certificateProblem;
    /// Bytes went out on this socket (the upgrade request at least): a server was there.
    bool m_requestWritten = false;
};

} // namespace palaver::client
