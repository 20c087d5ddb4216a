#include "auth/signin.h"

#include "auth/sessiontoken.h"
#include "limits/monotonicclock.h"
#include "limits/offenderlog.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "metrics/servermetrics.h"
#include "store/signinfailurestore.h"

#include <QDateTime>
#include <QRegularExpression>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {
qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// A user name as it may appear in a log line: printable, quoted characters escaped, bounded.
QString loggable(const QString& name)
{
    QString out;
    for (const QChar c : name.left(64)) {
        if (c.isPrint() && c != u'"' && c != u'\\')
            out += c;
        else
            out += u"\\x%1"_s.arg(uint(c.unicode()), 2, 16, QChar(u'0'));
    }
    return out;
}
} // namespace

SignIn::SignIn(SignInConfig config, UserStore& users, SignInFailureStore& failures,
    RevocationLog& revocations, Fanout& fanout, OffenderLog& offenders, ServerMetrics& metrics,
    std::function<QList<ModelInfo>()> models, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_users(users)
    , m_failures(failures)
    , m_fanout(fanout)
    , m_offenders(offenders)
    , m_metrics(metrics)
    , m_addressThrottle(m_config.throttle)
    , m_models(std::move(models))
    , m_liveTokens(users, revocations)
{
    // Polling rather than a notification: the admin CLI is another process writing the same
    // SQLite file. One small query on the revocation log per interval, whatever the number of
    // live sessions.
    if (m_config.tokenCheckIntervalMs > 0) {
        connect(&m_checkTimer, &QTimer::timeout, this, &SignIn::checkLiveSessions);
        m_checkTimer.start(m_config.tokenCheckIntervalMs);
    }
}

SignIn::~SignIn()
{
    m_hashing.waitForDone();
}

void SignIn::refuse(const SessionRef& session, const QString& requestId, const QString& limit,
    qint64 retryAfterMs, const QString& message)
{
    m_offenders.hit(limit, session.address.toString(), u"sign-in refused (rate_limited)"_s);
    m_fanout.reply(session.sessionId,
        Error { requestId, ErrorCode::RateLimited, message, qMax<qint64>(1, retryAfterMs) });
    Q_EMIT m_fanout.signInSettled(session.sessionId);
}

void SignIn::fail(
    const SessionRef& session, const QString& requestId, ErrorCode code, const QString& message)
{
    m_fanout.fail(session.sessionId, requestId, code, message);
    Q_EMIT m_fanout.signInSettled(session.sessionId);
}

bool SignIn::hashingSlotFree(const SessionRef& session, const QString& requestId)
{
    // A hash takes 64 MiB and about 0.1 s: a queue that grows without bound turns a flood into
    // minutes of waiting (and memory) for everyone. Past the bound, come back in a second.
    if (m_pendingHashes < m_config.throttle.maxPendingHashes)
        return true;
    refuse(session, requestId, u"max-pending-sign-ins"_s, 1000,
        u"The server is busy signing people in; try again in a second"_s);
    return false;
}

void SignIn::login(const SessionRef& session, const Login& request)
{
    if (const qint64 wait = m_addressThrottle.retryAfterMs(session.address, monotonicMs())) {
        return refuse(session, request.id, u"sign-in-backoff-ip"_s, wait,
            u"Too many failed sign-ins from your address; try again in %1 s"_s.arg(
                (wait + 999) / 1000));
    }
    const auto [user, stored] = m_users.credentials(request.username);
    if (user) {
        // Also for the right password: a guesser must not learn it is right while blocked.
        const std::optional<SignInFailures> failures = m_failures.failures(user->id);
        if (const qint64 wait = failures ? failures->blockedUntilMs - wallClockMs() : 0; wait > 0) {
            return refuse(session, request.id, u"sign-in-backoff-account"_s, wait,
                u"Too many failed sign-ins to this account; try again in %1 s"_s.arg(
                    (wait + 999) / 1000));
        }
    }
    if (!hashingSlotFree(session, request.id))
        return;
    ++m_pendingHashes;
    m_hashingFor.insert(session.sessionId);
    m_hashing.start([this, session, id = request.id, name = request.username,
                        password = request.password, stored = stored, user = user] {
        const bool ok = PasswordHash::verify(password, stored) && user.has_value();
        // The one moment the password is known: move an old PBKDF2 hash to Argon2id.
        const QString newHash = ok && PasswordHash::needsRehash(stored)
            ? PasswordHash::hash(password, m_config.passwordCost)
            : QString();
        QMetaObject::invokeMethod(
            this, [=, this] { finishLogin(session, id, name, user, ok, newHash); },
            Qt::QueuedConnection);
    });
}

void SignIn::recordFailure(
    const SessionRef& session, const QString& name, const std::optional<StoredUser>& user)
{
    // One line per failure, in a fixed form fail2ban can match (docs/operations.md):
    //   palaver.auth: failed sign-in from 203.0.113.7 as "alice"
    m_metrics.signIns.with(u"failed"_s).add();
    LogEvent(lcAuth(), QtWarningMsg,
        u"failed sign-in from %1 as \"%2\""_s.arg(session.address.toString(), loggable(name)))
        .field("event", u"sign-in-failed"_s)
        .field("peer", session.address.toString())
        .field("name", name);
    m_addressThrottle.recordFailure(session.address, monotonicMs());
    if (!user)
        return;
    const qint64 now = wallClockMs();
    SignInFailures state = m_failures.failures(user->id).value_or(SignInFailures {});
    // Forgotten a while after the last block ends (or the last free failure).
    if (now - state.blockedUntilMs > m_config.throttle.failureMemoryMs)
        state.failures = 0;
    ++state.failures;
    const qint64 backoff = signInBackoffMs(
        state.failures, m_config.throttle, m_config.throttle.freeFailuresPerAccount);
    state.blockedUntilMs = now + backoff;
    if (!m_failures.record(user->id, state))
        qCCritical(lcAuth, "could not record a failed sign-in for throttling");
    if (backoff > 0) {
        m_offenders.hit(u"sign-in-backoff-account"_s, loggable(name),
            u"%1 failed sign-ins in a row; the next waits %2 s"_s.arg(state.failures)
                .arg(backoff / 1000));
    }
}

void SignIn::finishLogin(const SessionRef& session, const QString& requestId, const QString& name,
    const std::optional<StoredUser>& user, bool passwordOk, const QString& newHash)
{
    const bool open = hashDone(session.sessionId);
    if (!passwordOk || !user) {
        // Also for a connection that is gone: closing right after a guess must not dodge the
        // back-off.
        recordFailure(session, name, user);
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Unauthorized,
            u"Wrong user name or password"_s);
        Q_EMIT m_fanout.loginFailed(session.sessionId);
        Q_EMIT m_fanout.signInSettled(session.sessionId);
        return;
    }
    // Nobody to welcome: no token is issued, nobody counts as online.
    if (!open)
        return;
    // Said only after the right password, so it does not tell strangers which names exist.
    if (user->disabled) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Unauthorized,
            u"This account is disabled; ask the server's administrator"_s);
        Q_EMIT m_fanout.loginFailed(session.sessionId);
        Q_EMIT m_fanout.signInSettled(session.sessionId);
        return;
    }
    m_failures.clear(user->id);
    if (!newHash.isEmpty() && !m_users.replacePasswordHash(user->id, newHash))
        qCCritical(lcAuth, "could not upgrade a password hash to Argon2id");
    qint64 expiresAtMs = 0;
    const QString token = m_users.issueToken(user->id, m_config.tokenLifetimeSeconds, &expiresAtMs);
    if (token.isEmpty()) {
        return fail(session, requestId, ErrorCode::Internal,
            u"Could not issue a session token; the server's store failed"_s);
    }
    welcome(session, requestId, user->id, user->name, token, SessionToken::storageHash(token),
        expiresAtMs, u"password"_s);
}

void SignIn::auth(const SessionRef& session, const Auth& request)
{
    // Tokens are 256 random bits: guessing is hopeless, but a flood of guesses still costs
    // queries, so a failing address backs off here too.
    if (const qint64 wait = m_addressThrottle.retryAfterMs(session.address, monotonicMs())) {
        return refuse(session, request.id, u"sign-in-backoff-ip"_s, wait,
            u"Too many failed sign-ins from your address; try again in %1 s"_s.arg(
                (wait + 999) / 1000));
    }
    const QString tokenHash = SessionToken::storageHash(request.token);
    qint64 expiresAtMs = 0;
    const std::optional<StoredUser> user
        = m_users.userForTokenHash(tokenHash, nullptr, &expiresAtMs);
    if (!user) {
        m_metrics.signIns.with(u"failed"_s).add();
        LogEvent(lcAuth(), QtInfoMsg,
            u"refused a session token from %1 (unknown, expired or revoked)"_s.arg(
                session.address.toString()))
            .field("event", u"token-refused"_s)
            .field("peer", session.address.toString());
        m_addressThrottle.recordFailure(session.address, monotonicMs());
        m_fanout.fail(session.sessionId, request.id, ErrorCode::Unauthorized,
            u"The session token is unknown, expired or revoked; log in again"_s);
        Q_EMIT m_fanout.loginFailed(session.sessionId);
        Q_EMIT m_fanout.signInSettled(session.sessionId);
        return;
    }
    welcome(
        session, request.id, user->id, user->name, QString(), tokenHash, expiresAtMs, u"token"_s);
}

QString SignIn::registrationProblem(const QString& username, const QString& password)
{
    static const QRegularExpression allowed(u"^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$"_s);
    if (!allowed.match(username).hasMatch()) {
        return u"A user name must be 3 to 32 characters: letters, digits, '.', '_' or '-', "
               "starting with a letter or digit"_s;
    }
    if (password.size() < minimumPasswordChars)
        return u"The password must be at least %1 characters long"_s.arg(minimumPasswordChars);
    return QString();
}

void SignIn::registerUser(const SessionRef& session, const Register& request)
{
    if (!m_config.serverInfo.registrationOpen) {
        return fail(session, request.id, ErrorCode::Forbidden,
            u"This server does not allow sign-up; ask its administrator for an account"_s);
    }
    if (const QString problem = registrationProblem(request.username, request.password);
        !problem.isEmpty()) {
        return fail(session, request.id, ErrorCode::BadRequest, problem);
    }
    // Checked before the slow hash too, so a taken name is answered at once.
    if (m_users.findByName(request.username)) {
        return fail(session, request.id, ErrorCode::Conflict,
            u"The name '%1' is taken; choose another"_s.arg(request.username));
    }
    if (!hashingSlotFree(session, request.id))
        return;
    ++m_pendingHashes;
    m_hashingFor.insert(session.sessionId);
    m_hashing.start([this, session, id = request.id, username = request.username,
                        password = request.password] {
        const QString hash = PasswordHash::hash(password, m_config.passwordCost);
        QMetaObject::invokeMethod(
            this, [=, this] { finishRegister(session, id, username, hash); }, Qt::QueuedConnection);
    });
}

void SignIn::finishRegister(const SessionRef& session, const QString& requestId,
    const QString& username, const QString& hash)
{
    // Nobody to welcome: the account is not created (the name stays free for a retry).
    if (!hashDone(session.sessionId))
        return;
    if (hash.isEmpty()) {
        return fail(session, requestId, ErrorCode::Internal,
            u"Could not hash the password (the server is out of memory)"_s);
    }
    QString error;
    bool nameTaken = false;
    const std::optional<StoredUser> user
        = m_users.addHashedUser(username, hash, &error, &nameTaken);
    if (!user) {
        // Two sign-ups for one name can both pass the early check.
        if (nameTaken) {
            return fail(session, requestId, ErrorCode::Conflict,
                u"The name '%1' is taken; choose another"_s.arg(username));
        }
        return fail(session, requestId, ErrorCode::Internal,
            u"Could not create the account: %1"_s.arg(error));
    }
    LogEvent(lcAuth(), QtInfoMsg,
        u"account \"%1\" registered from %2"_s.arg(loggable(username), session.address.toString()))
        .field("event", u"registered"_s)
        .field("peer", session.address.toString())
        .field("name", username);
    qint64 expiresAtMs = 0;
    const QString token = m_users.issueToken(user->id, m_config.tokenLifetimeSeconds, &expiresAtMs);
    if (token.isEmpty()) {
        return fail(session, requestId, ErrorCode::Internal,
            u"The account was created, but no session token could be issued; log in"_s);
    }
    welcome(session, requestId, user->id, user->name, token, SessionToken::storageHash(token),
        expiresAtMs, u"registration"_s);
}

void SignIn::welcome(const SessionRef& session, const QString& requestId, const QString& userId,
    const QString& userName, const QString& token, const QString& tokenHash, qint64 expiresAtMs,
    const QString& how)
{
    m_metrics.signIns.with(u"ok"_s).add();
    LogEvent(lcAuth(), QtInfoMsg,
        u"signed in: \"%1\" from %2 (%3)"_s.arg(
            loggable(userName), session.address.toString(), how))
        .field("event", u"signed-in"_s)
        .field("peer", session.address.toString())
        .field("name", userName)
        .field("method", how);
    Welcome welcome;
    welcome.id = requestId;
    welcome.server = m_config.serverInfo;
    welcome.user = UserInfo { userId, userName };
    welcome.token = token;
    welcome.models = m_models();
    welcome.limits = m_config.limits;
    m_liveTokens.add(session.sessionId, userId, tokenHash, expiresAtMs);
    m_fanout.signedIn(session.sessionId, userId, userName);
    m_fanout.reply(session.sessionId, welcome);
    if (m_afterWelcome)
        m_afterWelcome(session.sessionId);
    Q_EMIT m_fanout.signInSettled(session.sessionId);
}

bool SignIn::hashDone(quint64 sessionId)
{
    --m_pendingHashes;
    return m_hashingFor.remove(sessionId);
}

void SignIn::forget(quint64 sessionId)
{
    m_hashingFor.remove(sessionId);
    m_liveTokens.forget(sessionId);
}

void SignIn::checkLiveSessions()
{
    for (const quint64 sessionId : m_liveTokens.check(wallClockMs())) {
        Q_EMIT m_fanout.sessionRevoked(sessionId,
            u"The session ended: its token was revoked or expired, or the account was disabled"_s);
    }
}

} // namespace palaver::server
