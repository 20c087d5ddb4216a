#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace palaver::server {

class Database;

/// What `bench-seed` creates: `users` accounts named PREFIX0 … PREFIX(users-1), one session token
/// each, and (when `roomTitle` is set) one room with all of them, PREFIX0 its owner.
struct BenchSeedSpec
{
    int users = 0;
    QString prefix;
    QString roomTitle; ///< empty: no room
    qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
};

/// What was created: the room (empty without one) and the tokens, in user order.
struct BenchSeed
{
    QString convId;
    QStringList tokens;
};

/// The stored password hash of every bench account. It is no valid hash form, so
/// PasswordHash::verify() refuses every password against it: bench accounts sign in with their
/// token only, and seeding thousands of them costs no Argon2 run.
QString benchPasswordHash();

/// Creates the accounts, their tokens and the room in one transaction (all or nothing). Tokens
/// are minted and stored as sign-in does (SessionToken, UserStore::issueToken). On failure:
/// nothing, and `error` says why.
std::optional<BenchSeed> seedBench(Database& db, const BenchSeedSpec& spec, QString* error);

} // namespace palaver::server
