#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace palaver::server {

class Database;

/// What `bench-seed` creates: `users` accounts named PREFIX0 … PREFIX(users-1), one session token
/// each, and (when `roomTitle` is set) `rooms` rooms with the users spread over them: user i in
/// room i mod rooms, PREFIXr the owner of room r.
struct BenchSeedSpec
{
    int users = 0;
    QString prefix;
    QString roomTitle; ///< empty: no room
    int rooms = 1; ///< with a title: how many rooms (1 … users); one keeps the title as it is
    qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
};

/// What was created: the rooms (none without a title) and the tokens, in user order.
struct BenchSeed
{
    QStringList convIds;
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
