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
    bool disabled = false; ///< may not sign in; its tokens are revoked when it is disabled
};

/// One issued session token, as `token list` shows it (never the token itself).
struct StoredToken
{
    QString hashPrefix; ///< the first characters of its SHA-256, to tell tokens apart
    QDateTime expiresAt;
};

/// Accounts and session tokens.
class UserStore
{
public:
    explicit UserStore(Database& database);

    /// Creates an account; on failure (name taken, empty name or password) `error` says why.
    std::optional<StoredUser> addUser(const QString& name, const QString& password, QString* error,
        PasswordHash::Cost cost = PasswordHash::Cost::interactive());
    /// Creates an account with an already computed password hash (hashing is slow, so the hub
    /// does it on another thread). `nameTaken` is set when that was the reason it failed.
    std::optional<StoredUser> addHashedUser(const QString& name, const QString& passwordHash,
        QString* error, bool* nameTaken = nullptr);
    /// Removes the account and its tokens; it leaves every conversation it was in (rooms it owned
    /// pass to their longest-standing member; conversations left empty are deleted).
    bool removeUser(const QString& name, QString* error);
    QList<StoredUser> users();
    std::optional<StoredUser> findByName(const QString& name);

    /// Disables (revoking every token) or enables an account.
    bool setDisabled(const QString& name, bool disabled, QString* error);
    /// Sets a new password and revokes every token of the account.
    bool resetPassword(const QString& name, const QString& password, QString* error,
        PasswordHash::Cost cost = PasswordHash::Cost::interactive());
    /// Replaces a stored hash with a stronger one (the PBKDF2 → Argon2id migration at sign-in).
    bool replacePasswordHash(const QString& userId, const QString& passwordHash);

    /// The user whose password this is; nothing for an unknown name or a wrong password (both
    /// take the same time).
    std::optional<StoredUser> checkPassword(const QString& name, const QString& password);
    /// The account and its stored hash, so the slow verification can run on another thread. For
    /// an unknown name: no user, and a dummy hash that costs the same to check.
    std::pair<std::optional<StoredUser>, QString> credentials(const QString& name);

    /// Issues a new token for `userId`, valid for `lifetimeSeconds` (until `expiresAtMs`, ms since
    /// the epoch, when given); empty on a store failure.
    QString issueToken(const QString& userId, qint64 lifetimeSeconds = 30 * 24 * 3600,
        qint64* expiresAtMs = nullptr);
    /// The owner of a valid token: known, unexpired, its account enabled.
    std::optional<StoredUser> userForToken(const QString& token);
    /// The same, by the stored hash (SessionToken::storageHash) the hub keeps for live sessions.
    /// `storeFailed`, when given, tells a failed query from an invalid token; `expiresAtMs` gets
    /// a valid token's expiry (ms since the epoch).
    std::optional<StoredUser> userForTokenHash(
        const QString& tokenHash, bool* storeFailed = nullptr, qint64* expiresAtMs = nullptr);
    /// Revokes every token of the account; the number revoked, or -1 with `error`.
    int revokeTokens(const QString& name, QString* error);
    /// The account's unexpired tokens; nothing with `error` for an unknown name.
    std::optional<QList<StoredToken>> tokens(const QString& name, QString* error);

private:
    std::optional<StoredUser> findByName(const QString& name, QString* passwordHash);
    bool deleteTokensOf(const QString& userId);

    Database& m_db;
};

} // namespace palaver::server
