#include "store/signinfailurestore.h"

#include "store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

SignInFailureStore::SignInFailureStore(Database& database)
    : m_db(database)
{ }

std::optional<SignInFailures> SignInFailureStore::failures(const QString& userId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"SELECT failures, blocked_until FROM sign_in_failures WHERE user_id = ?"_s);
    query.addBindValue(userId);
    if (!m_db.exec(query))
        return std::nullopt;
    if (!query.next())
        return SignInFailures {};
    return SignInFailures { query.value(0).toInt(), query.value(1).toLongLong() };
}

bool SignInFailureStore::record(const QString& userId, const SignInFailures& state)
{
    QSqlQuery query(m_db.connection());
    query.prepare(
        u"INSERT INTO sign_in_failures (user_id, failures, blocked_until) VALUES (?, ?, ?) "
        "ON CONFLICT(user_id) DO UPDATE SET failures = excluded.failures, "
        "blocked_until = excluded.blocked_until"_s);
    query.addBindValue(userId);
    query.addBindValue(state.failures);
    query.addBindValue(state.blockedUntilMs);
    return m_db.exec(query);
}

bool SignInFailureStore::clear(const QString& userId)
{
    QSqlQuery query(m_db.connection());
    query.prepare(u"DELETE FROM sign_in_failures WHERE user_id = ?"_s);
    query.addBindValue(userId);
    return m_db.exec(query);
}

bool SignInFailureStore::clearByName(const QString& userName, QString* error)
{
    QSqlQuery find(m_db.connection());
    find.prepare(u"SELECT id FROM users WHERE name = ?"_s);
    find.addBindValue(userName);
    if (!m_db.exec(find)) {
        *error = m_db.errorString();
        return false;
    }
    if (!find.next()) {
        *error = u"No user named '%1'"_s.arg(userName);
        return false;
    }
    if (!clear(find.value(0).toString())) {
        *error = m_db.errorString();
        return false;
    }
    return true;
}

} // namespace palaver::server
