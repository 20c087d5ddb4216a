#pragma once

#include "auth/livetokens.h"
#include "auth/passwordhash.h"
#include "auth/signinthrottle.h"
#include "chat/fanout.h"
#include "protocol/messages.h"
#include "store/userstore.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <functional>

namespace palaver::server {

/// How sessions are opened and kept honest.
struct SignInConfig
{
    protocol::ServerInfo serverInfo; ///< registrationOpen: whether `register` is allowed
    protocol::Limits limits;
    qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
    /// How often the store's revocation log is read and expiries compared with the clock; a
    /// revoked or expired token, or a disabled or removed account, closes its sessions with 4401
    /// within this time, also when another process (the admin CLI) made the change. 0 disables
    /// the checks.
    int tokenCheckIntervalMs = 5000;
    /// For accounts created by `register` (tests pass PasswordHash::Cost::minimum()).
    PasswordHash::Cost passwordCost = PasswordHash::Cost::interactive();
    /// Back-off per address and per account, and the bound of the hashing queue.
    SignInLimits throttle;
};

/// `login`, `auth` and `register` for the hub, and the periodic check that live sessions' tokens
/// are still valid (LiveTokens: one query per check, not one per session). Lives in the hub's
/// thread; the slow password hashing runs on its own thread pool.
class OffenderLog;
class SignInFailureStore;
struct ServerMetrics;

/// Sign-in is throttled: an address or an account that keeps failing waits longer and longer
/// (refused `rate_limited` before any hashing), at most `maxPendingHashes` sign-ins wait for a
/// hashing thread, and every failed sign-in is logged with its address for fail2ban.
class SignIn : public QObject
{
    Q_OBJECT
public:
    /// `models` supplies welcome.models (the registry may change after detection).
    SignIn(SignInConfig config, UserStore& users, SignInFailureStore& failures,
        RevocationLog& revocations, Fanout& fanout, OffenderLog& offenders, ServerMetrics& metrics,
        std::function<QList<protocol::ModelInfo>()> models, QObject* parent = nullptr);
    ~SignIn() override;

    void login(const SessionRef& session, const protocol::Login& request);
    void auth(const SessionRef& session, const protocol::Auth& request);
    void registerUser(const SessionRef& session, const protocol::Register& request);
    /// The connection is gone: stop checking its token, and a sign-in of it still being hashed
    /// ends without a welcome (a login issues no token, a register creates no account).
    void forget(quint64 sessionId);
    /// Closes the live sessions whose token stopped being valid (the timer calls it too).
    void checkLiveSessions();

    /// The readable reason a name or password is not allowed for `register`; empty when fine.
    static QString registrationProblem(const QString& username, const QString& password);
    static constexpr int minimumPasswordChars = 8;

    /// Called right after a connection got its `welcome` (the hub sends announcements then).
    void setAfterWelcome(std::function<void(quint64 sessionId)> afterWelcome)
    {
        m_afterWelcome = std::move(afterWelcome);
    }

    /// Sign-ins waiting for or being hashed (tests).
    int pendingHashes() const { return m_pendingHashes; }

private:
    /// Refuses with `rate_limited` (and frees the connection for its next sign-in).
    void refuse(const SessionRef& session, const QString& requestId, const QString& limit,
        qint64 retryAfterMs, const QString& message);
    /// Answers with an error and frees the connection for its next sign-in.
    void fail(const SessionRef& session, const QString& requestId, protocol::ErrorCode code,
        const QString& message);
    /// A hash finished: false when its connection closed meanwhile (nobody to answer).
    bool hashDone(quint64 sessionId);
    /// False (after refusing) when the hashing queue is full.
    bool hashingSlotFree(const SessionRef& session, const QString& requestId);
    void recordFailure(
        const SessionRef& session, const QString& name, const std::optional<StoredUser>& user);
    void finishLogin(const SessionRef& session, const QString& requestId, const QString& name,
        const std::optional<StoredUser>& user, bool passwordOk, const QString& newHash);
    void finishRegister(const SessionRef& session, const QString& requestId,
        const QString& username, const QString& hash);
    void welcome(const SessionRef& session, const QString& requestId, const QString& userId,
        const QString& userName, const QString& token, const QString& tokenHash, qint64 expiresAtMs,
        const QString& how);

    SignInConfig m_config;
    UserStore& m_users;
    SignInFailureStore& m_failures;
    Fanout& m_fanout;
    OffenderLog& m_offenders;
    ServerMetrics& m_metrics;
    std::function<void(quint64)> m_afterWelcome;
    SignInThrottle m_addressThrottle;
    int m_pendingHashes = 0;
    /// Connections with a login or register being hashed (one each: a session sends its next
    /// sign-in only once the last one settled); at most maxPendingHashes. forget() takes a
    /// connection out, so its sign-in, when it finishes, knows nobody is left to welcome.
    QSet<quint64> m_hashingFor;
    std::function<QList<protocol::ModelInfo>()> m_models;
    QTimer m_checkTimer;
    /// Live authenticated sessions and the token each one stands on.
    LiveTokens m_liveTokens;
    /// Declared last so it is destroyed (waiting for its tasks) first.
    QThreadPool m_hashing;
};

} // namespace palaver::server
