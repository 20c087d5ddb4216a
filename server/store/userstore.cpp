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

StoredUser userFrom(const QSqlQuery& query)
{
    return StoredUser { query.value(0).toString(), query.value(1).toString(),
        QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), QTimeZone::utc()) };
}

} // namespace

UserStore::UserStore(Database& database)
    : m_db(database)
{ }

std::optional<StoredUser> UserStore::addUser(
    const QString& name, const QString& password, QString* error, int iterations)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed != name || name.size() > 64) {
        *error = u"A user name must be 1 to 64 characters without leading or trailing spaces"_s;
        return std::nullopt;
    }
    if (password.isEmpty()) {
        *error = u"The password must not be empty"_s;
        return std::nullopt;
    }
    if (findByName(name, nullptr)) {
        *error = u"A user named '%1' already exists"_s.arg(name);
        return std::nullopt;
    }
    StoredUser user { QUuid::createUuid().toString(QUuid::WithoutBraces), name,
        QDateTime::currentDateTimeUtc() };
    QSqlQuery insert(m_db.connection());
    insert.prepare(
        u"INSERT INTO users (id, name, password_hash, created_at) VALUES (?, ?, ?, ?)"_s);
    insert.addBindValue(user.id);
    insert.addBindValue(user.name);
    insert.addBindValue(PasswordHash::hash(password, iterations));
    insert.addBindValue(user.createdAt.toMSecsSinceEpoch());
    if (!m_db.exec(insert)) {
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
    const QString owned = u"(SELECT id FROM conversations WHERE owner_id = :user)"_s;
    const QStringList statements {
        u"DELETE FROM events WHERE conv_id IN "_s + owned,
        u"DELETE FROM messages WHERE conv_id IN "_s + owned,
        u"DELETE FROM generations WHERE conv_id IN "_s + owned,
        u"DELETE FROM conversations WHERE owner_id = :user"_s,
        u"DELETE FROM tokens WHERE user_id = :user"_s,
        u"DELETE FROM users WHERE id = :user"_s,
    };
    m_db.transaction();
    for (const QString& statement : statements) {
        QSqlQuery query(m_db.connection());
        query.prepare(statement);
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
    query.prepare(u"SELECT id, name, created_at FROM users ORDER BY name"_s);
    if (!m_db.exec(query))
        return result;
    while (query.next())
        result.append(userFrom(query));
    return result;
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

QString UserStore::issueToken(const QString& userId, qint64 lifetimeSeconds)
{
    const QString token = SessionToken::generate();
    QSqlQuery insert(m_db.connection());
    insert.prepare(u"INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)"_s);
    insert.addBindValue(SessionToken::storageHash(token));
    insert.addBindValue(userId);
    insert.addBindValue(
        QDateTime::currentDateTimeUtc().addSecs(lifetimeSeconds).toMSecsSinceEpoch());
    if (!m_db.exec(insert))
        return QString();
    return token;
}

std::optional<StoredUser> UserStore::userForToken(const QString& token)
{
    QSqlQuery query(m_db.connection());
    query.prepare(
        u"SELECT u.id, u.name, u.created_at FROM tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = ? AND t.expires_at > ?"_s);
    query.addBindValue(SessionToken::storageHash(token));
    query.addBindValue(QDateTime::currentDateTimeUtc().toMSecsSinceEpoch());
    if (!m_db.exec(query) || !query.next())
        return std::nullopt;
    return userFrom(query);
}

std::optional<StoredUser> UserStore::findByName(const QString& name, QString* passwordHash)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT id, name, created_at, password_hash FROM users WHERE name = ?"_s);
    query.addBindValue(name);
    if (!m_db.exec(query) || !query.next())
        return std::nullopt;
    if (passwordHash)
        *passwordHash = query.value(3).toString();
    return userFrom(query);
}

} // namespace palaver::server
