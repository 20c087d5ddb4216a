#pragma once

#include "auth/passwordhash.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace palaver::server {

class Database;

/// An account as the store keeps it.
struct StoredUser
{
    QString id;
    QString name;
    QDateTime createdAt;
};

/// Accounts and session tokens.
class UserStore
{
public:
    explicit UserStore(Database& database);

    /// Creates an account; on failure (name taken, empty name or password) `error` says why.
    std::optional<StoredUser> addUser(const QString& name, const QString& password, QString* error,
        int iterations = PasswordHash::defaultIterations);
    /// Removes the account, its tokens and its conversations.
    bool removeUser(const QString& name, QString* error);
    QList<StoredUser> users();

    /// The user whose password this is; nothing for an unknown name or a wrong password (both
    /// take the same time).
    std::optional<StoredUser> checkPassword(const QString& name, const QString& password);
    /// The account and its stored hash, so the slow verification can run on another thread. For
    /// an unknown name: no user, and a dummy hash that costs the same to check.
    std::pair<std::optional<StoredUser>, QString> credentials(const QString& name);

    /// Issues a new token for `userId`, valid for `lifetimeSeconds`; empty on a store failure.
    QString issueToken(const QString& userId, qint64 lifetimeSeconds = 30 * 24 * 3600);
    /// The owner of a valid, unexpired token.
    std::optional<StoredUser> userForToken(const QString& token);

private:
    std::optional<StoredUser> findByName(const QString& name, QString* passwordHash);

    Database& m_db;
};

} // namespace palaver::server
