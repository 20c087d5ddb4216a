#include "store/userstore.h"

#include "auth/sessiontoken.h"
#include "store/database.h"

#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

const auto userColumns = "id, name, created_at, disabled"_L1;

StoredUser userFrom(const QSqlQuery& query)
{
    return StoredUser { query.value(0).toString(), query.value(1).toString(),
        QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), QTimeZone::utc()),
        query.value(3).toInt() != 0 };
}

qint64 nowMs()
{
    return QDateTime::currentDateTimeUtc().toMSecsSinceEpoch();
}

} // namespace

UserStore::UserStore(Database& database)
    : m_db(database)
{ }

std::optional<StoredUser> UserStore::addUser(
    const QString& name, const QString& password, QString* error, PasswordHash::Cost cost)
{
    if (password.isEmpty()) {
        *error = u"The password must not be empty"_s;
        return std::nullopt;
    }
    const QString hash = PasswordHash::hash(password, cost);
    if (hash.isEmpty()) {
        *error = u"Could not hash the password (not enough memory)"_s;
        return std::nullopt;
    }
    return addHashedUser(name, hash, error);
}

std::optional<StoredUser> UserStore::addHashedUser(
    const QString& name, const QString& passwordHash, QString* error, bool* nameTaken)
{
    if (nameTaken)
        *nameTaken = false;
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed != name || name.size() > 64) {
        *error = u"A user name must be 1 to 64 characters without leading or trailing spaces"_s;
        return std::nullopt;
    }
    if (findByName(name, nullptr)) {
        *error = u"A user named '%1' already exists"_s.arg(name);
        if (nameTaken)
            *nameTaken = true;
        return std::nullopt;
    }
    StoredUser user { QUuid::createUuid().toString(QUuid::WithoutBraces), name,
        QDateTime::currentDateTimeUtc() };
    QSqlQuery insert(m_db.connection());
    insert.prepare(
        u"INSERT INTO users (id, name, password_hash, created_at) VALUES (?, ?, ?, ?)"_s);
    insert.addBindValue(user.id);
    insert.addBindValue(user.name);
    insert.addBindValue(passwordHash);
    insert.addBindValue(user.createdAt.toMSecsSinceEpoch());
    if (!m_db.exec(insert)) {
        // Another process (the CLI) may have taken the name since the check above.
        if (nameTaken)
            *nameTaken = findByName(name, nullptr).has_value();
        *error = m_db.errorString();
        return std::nullopt;
    }
    return user;
}

bool UserStore::removeUser(const QString& name, QString* error)
{
    const std::optional<StoredUser> user = findByName(name, nullptr);
    if (!user) {
        *error = u"No user named '%1'"_s.arg(name);
        return false;
    }
    // The account leaves every conversation it is in: a room it owned passes to its
    // longest-standing remaining member, and a conversation nobody is left in goes with its events.
    const QString empty = u"(SELECT id FROM conversations c WHERE NOT EXISTS "
                          "(SELECT 1 FROM members m WHERE m.conv_id = c.id))"_s;
    const QStringList statements {
        u"DELETE FROM members WHERE user_id = :user"_s,
        u"UPDATE members SET role = 'owner' WHERE rowid IN (SELECT (SELECT m.rowid FROM members m "
        "WHERE m.conv_id = c.id ORDER BY m.joined_at, m.rowid LIMIT 1) FROM conversations c "
        "WHERE c.kind = 'room' AND NOT EXISTS (SELECT 1 FROM members o "
        "WHERE o.conv_id = c.id AND o.role = 'owner'))"_s,
        u"DELETE FROM events WHERE conv_id IN "_s + empty,
        u"DELETE FROM messages WHERE conv_id IN "_s + empty,
        u"DELETE FROM generations WHERE conv_id IN "_s + empty,
        u"DELETE FROM conversations WHERE id IN "_s + empty,
        u"DELETE FROM tokens WHERE user_id = :user"_s,
        u"DELETE FROM leave_blocks WHERE user_id = :user"_s,
        u"DELETE FROM leave_blocks WHERE inviter_id = :user"_s,
        u"DELETE FROM sign_in_failures WHERE user_id = :user"_s,
        u"DELETE FROM users WHERE id = :user"_s,
    };
    m_db.transaction();
    for (const QString& statement : statements) {
        QSqlQuery query(m_db.connection());
        query.prepare(statement);
        if (statement.contains(u":user"_s))
            query.bindValue(u":user"_s, user->id);
        if (!m_db.exec(query)) {
            m_db.rollback();
            *error = m_db.errorString();
            return false;
        }
    }
    if (!m_db.commit()) {
        *error = m_db.errorString();
        return false;
    }
    return true;
}

QList<StoredUser> UserStore::users()
{
    QList<StoredUser> result;
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT %1 FROM users ORDER BY name"_s.arg(userColumns));
    if (!m_db.exec(query))
        return result;
    while (query.next())
        result.append(userFrom(query));
    return result;
}

std::optional<StoredUser> UserStore::findByName(const QString& name)
{
    return findByName(name, nullptr);
}

bool UserStore::setDisabled(const QString& name, bool disabled, QString* error)
{
    const std::optional<StoredUser> user = findByName(name, nullptr);
    if (!user) {
        *error = u"No user named '%1'"_s.arg(name);
        return false;
    }
    m_db.transaction();
    QSqlQuery update(m_db.connection());
    update.prepare(u"UPDATE users SET disabled = ? WHERE id = ?"_s);
    update.addBindValue(disabled ? 1 : 0);
    update.addBindValue(user->id);
    // Enabling again must not bring old sessions back: disabling revokes them for good.
    if (!m_db.exec(update) || (disabled && !deleteTokensOf(user->id))) {
        m_db.rollback();
        *error = m_db.errorString();
        return false;
    }
    if (!m_db.commit()) {
        *error = m_db.errorString();
        return false;
    }
    return true;
}

bool UserStore::resetPassword(
    const QString& name, const QString& password, QString* error, PasswordHash::Cost cost)
{
    const std::optional<StoredUser> user = findByName(name, nullptr);
    if (!user) {
        *error = u"No user named '%1'"_s.arg(name);
        return false;
    }
    if (password.isEmpty()) {
        *error = u"The password must not be empty"_s;
        return false;
    }
    const QString hash = PasswordHash::hash(password, cost);
    if (hash.isEmpty()) {
        *error = u"Could not hash the password (not enough memory)"_s;
        return false;
    }
    m_db.transaction();
    if (!replacePasswordHash(user->id, hash) || !deleteTokensOf(user->id)) {
        m_db.rollback();
        *error = m_db.errorString();
        return false;
    }
    if (!m_db.commit()) {
        *error = m_db.errorString();
        return false;
    }
    return true;
}

bool UserStore::replacePasswordHash(const QString& userId, const QString& passwordHash)
{
    QSqlQuery update(m_db.connection());
    update.prepare(u"UPDATE users SET password_hash = ? WHERE id = ?"_s);
    update.addBindValue(passwordHash);
    update.addBindValue(userId);
    return m_db.exec(update);
}

std::pair<std::optional<StoredUser>, QString> UserStore::credentials(const QString& name)
{
    // An unknown name still pays for one hash, so timing does not reveal which names exist.
    static const QString dummy = PasswordHash::hash(u"not a password"_s);
    QString stored;
    std::optional<StoredUser> user = findByName(name, &stored);
    return { std::move(user), user ? stored : dummy };
}

std::optional<StoredUser> UserStore::checkPassword(const QString& name, const QString& password)
{
    const auto [user, stored] = credentials(name);
    if (!PasswordHash::verify(password, stored) || !user)
        return std::nullopt;
    return user;
}

QString UserStore::issueToken(const QString& userId, qint64 lifetimeSeconds, qint64* expiresAtMs)
{
    const QString token = SessionToken::generate();
    const qint64 expires = nowMs() + lifetimeSeconds * 1000;
    QSqlQuery insert(m_db.connection());
    insert.prepare(u"INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)"_s);
    insert.addBindValue(SessionToken::storageHash(token));
    insert.addBindValue(userId);
    insert.addBindValue(expires);
    if (!m_db.exec(insert))
        return QString();
    if (expiresAtMs)
        *expiresAtMs = expires;
    return token;
}

std::optional<StoredUser> UserStore::userForToken(const QString& token)
{
    return userForTokenHash(SessionToken::storageHash(token));
}

std::optional<StoredUser> UserStore::userForTokenHash(
    const QString& tokenHash, bool* storeFailed, qint64* expiresAtMs)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT u.id, u.name, u.created_at, u.disabled, t.expires_at FROM tokens t "
                  "JOIN users u ON u.id = t.user_id "
                  "WHERE t.token_hash = ? AND t.expires_at > ? AND u.disabled = 0"_s);
    query.addBindValue(tokenHash);
    query.addBindValue(nowMs());
    const bool ran = m_db.exec(query);
    if (storeFailed)
        *storeFailed = !ran;
    if (!ran || !query.next())
        return std::nullopt;
    if (expiresAtMs)
        *expiresAtMs = query.value(4).toLongLong();
    return userFrom(query);
}

int UserStore::revokeTokens(const QString& name, QString* error)
{
    const std::optional<StoredUser> user = findByName(name, nullptr);
    if (!user) {
        *error = u"No user named '%1'"_s.arg(name);
        return -1;
    }
    QSqlQuery remove(m_db.connection());
    remove.prepare(u"DELETE FROM tokens WHERE user_id = ?"_s);
    remove.addBindValue(user->id);
    if (!m_db.exec(remove)) {
        *error = m_db.errorString();
        return -1;
    }
    return remove.numRowsAffected();
}

std::optional<QList<StoredToken>> UserStore::tokens(const QString& name, QString* error)
{
    const std::optional<StoredUser> user = findByName(name, nullptr);
    if (!user) {
        *error = u"No user named '%1'"_s.arg(name);
        return std::nullopt;
    }
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT token_hash, expires_at FROM tokens WHERE user_id = ? AND expires_at > ? "
                  "ORDER BY expires_at"_s);
    query.addBindValue(user->id);
    query.addBindValue(nowMs());
    if (!m_db.exec(query)) {
        *error = m_db.errorString();
        return std::nullopt;
    }
    QList<StoredToken> result;
    while (query.next()) {
        result.append({ query.value(0).toString().left(12),
            QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc()) });
    }
    return result;
}

bool UserStore::deleteTokensOf(const QString& userId)
{
    QSqlQuery remove(m_db.connection());
    remove.prepare(u"DELETE FROM tokens WHERE user_id = ?"_s);
    remove.addBindValue(userId);
    return m_db.exec(remove);
}

std::optional<StoredUser> UserStore::findByName(const QString& name, QString* passwordHash)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT %1, password_hash FROM users WHERE name = ?"_s.arg(userColumns));
    query.addBindValue(name);
    if (!m_db.exec(query) || !query.next())
        return std::nullopt;
    if (passwordHash)
        *passwordHash = query.value(4).toString();
    return userFrom(query);
}

} // namespace palaver::server
