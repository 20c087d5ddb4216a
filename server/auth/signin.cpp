#include "auth/signin.h"

#include "auth/sessiontoken.h"

#include <QRegularExpression>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

SignIn::SignIn(SignInConfig config, UserStore& users, Fanout& fanout,
    std::function<QList<ModelInfo>()> models, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_users(users)
    , m_fanout(fanout)
    , m_models(std::move(models))
{
    // Polling rather than a notification: the admin CLI is another process writing the same
    // SQLite file, and a query per live session every few seconds is cheap.
    if (m_config.tokenCheckIntervalMs > 0) {
        connect(&m_checkTimer, &QTimer::timeout, this, &SignIn::checkLiveSessions);
        m_checkTimer.start(m_config.tokenCheckIntervalMs);
    }
}

SignIn::~SignIn()
{
    m_hashing.waitForDone();
}

void SignIn::login(const SessionRef& session, const Login& request)
{
    const auto [user, stored] = m_users.credentials(request.username);
    m_hashing.start([this, session, id = request.id, password = request.password, stored = stored,
                        user = user] {
        const bool ok = PasswordHash::verify(password, stored) && user.has_value();
        // The one moment the password is known: move an old PBKDF2 hash to Argon2id.
        const QString newHash = ok && PasswordHash::needsRehash(stored)
            ? PasswordHash::hash(password, m_config.passwordCost)
            : QString();
        QMetaObject::invokeMethod(
            this, [=, this] { finishLogin(session, id, user, ok, newHash); }, Qt::QueuedConnection);
    });
}

void SignIn::finishLogin(const SessionRef& session, const QString& requestId,
    const std::optional<StoredUser>& user, bool passwordOk, const QString& newHash)
{
    if (!passwordOk || !user) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Unauthorized,
            u"Wrong user name or password"_s);
        Q_EMIT m_fanout.loginFailed(session.sessionId);
        return;
    }
    // Said only after the right password, so it does not tell strangers which names exist.
    if (user->disabled) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Unauthorized,
            u"This account is disabled; ask the server's administrator"_s);
        Q_EMIT m_fanout.loginFailed(session.sessionId);
        return;
    }
    if (!newHash.isEmpty() && !m_users.replacePasswordHash(user->id, newHash))
        qWarning("palaver-server: could not upgrade a password hash to Argon2id");
    const QString token = m_users.issueToken(user->id, m_config.tokenLifetimeSeconds);
    if (token.isEmpty()) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
            u"Could not issue a session token; the server's store failed"_s);
        return;
    }
    welcome(session, requestId, user->id, user->name, token, SessionToken::storageHash(token));
}

void SignIn::auth(const SessionRef& session, const Auth& request)
{
    const std::optional<StoredUser> user = m_users.userForToken(request.token);
    if (!user) {
        m_fanout.fail(session.sessionId, request.id, ErrorCode::Unauthorized,
            u"The session token is unknown, expired or revoked; log in again"_s);
        Q_EMIT m_fanout.loginFailed(session.sessionId);
        return;
    }
    welcome(session, request.id, user->id, user->name, QString(),
        SessionToken::storageHash(request.token));
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
        m_fanout.fail(session.sessionId, request.id, ErrorCode::Forbidden,
            u"This server does not allow sign-up; ask its administrator for an account"_s);
        return;
    }
    if (const QString problem = registrationProblem(request.username, request.password);
        !problem.isEmpty()) {
        m_fanout.fail(session.sessionId, request.id, ErrorCode::BadRequest, problem);
        return;
    }
    // Checked before the slow hash too, so a taken name is answered at once.
    if (m_users.findByName(request.username)) {
        m_fanout.fail(session.sessionId, request.id, ErrorCode::Conflict,
            u"The name '%1' is taken; choose another"_s.arg(request.username));
        return;
    }
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
    if (hash.isEmpty()) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
            u"Could not hash the password (the server is out of memory)"_s);
        return;
    }
    QString error;
    bool nameTaken = false;
    const std::optional<StoredUser> user
        = m_users.addHashedUser(username, hash, &error, &nameTaken);
    if (!user) {
        // Two sign-ups for one name can both pass the early check.
        if (nameTaken) {
            m_fanout.fail(session.sessionId, requestId, ErrorCode::Conflict,
                u"The name '%1' is taken; choose another"_s.arg(username));
        } else {
            m_fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
                u"Could not create the account: %1"_s.arg(error));
        }
        return;
    }
    qInfo("palaver-server: account '%s' registered", qPrintable(username));
    const QString token = m_users.issueToken(user->id, m_config.tokenLifetimeSeconds);
    if (token.isEmpty()) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
            u"The account was created, but no session token could be issued; log in"_s);
        return;
    }
    welcome(session, requestId, user->id, user->name, token, SessionToken::storageHash(token));
}

void SignIn::welcome(const SessionRef& session, const QString& requestId, const QString& userId,
    const QString& userName, const QString& token, const QString& tokenHash)
{
    Welcome welcome;
    welcome.id = requestId;
    welcome.server = m_config.serverInfo;
    welcome.user = UserInfo { userId, userName };
    welcome.token = token;
    welcome.models = m_models();
    welcome.limits = m_config.limits;
    m_liveTokens.insert(session.sessionId, tokenHash);
    Q_EMIT m_fanout.sessionAuthenticated(session.sessionId, userId, userName);
    m_fanout.reply(session.sessionId, welcome);
}

void SignIn::forget(quint64 sessionId)
{
    m_liveTokens.remove(sessionId);
}

void SignIn::checkLiveSessions()
{
    for (auto it = m_liveTokens.begin(); it != m_liveTokens.end();) {
        bool storeFailed = false;
        if (m_users.userForTokenHash(it.value(), &storeFailed)) {
            ++it;
            continue;
        }
        // A busy or failing store says nothing about the token: try again next round rather
        // than sign everybody out (the store already logged the error).
        if (storeFailed)
            return;
        Q_EMIT m_fanout.sessionRevoked(it.key(),
            u"The session ended: its token was revoked or expired, or the account was disabled"_s);
        it = m_liveTokens.erase(it);
    }
}

} // namespace palaver::server
