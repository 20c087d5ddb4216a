#pragma once

#include <QString>
#include <optional>

namespace palaver::server {

class Database;

/// An account's failed sign-ins: how many in a row, and when the next try may come (ms since the
/// epoch; in the past when it may try now).
struct SignInFailures
{
    int failures = 0;
    qint64 blockedUntilMs = 0;
};

/// Failed sign-ins per account, in the database: they hold across connections, addresses and
/// restarts, and the admin CLI (another process) can clear them (`user unlock`).
class SignInFailureStore
{
public:
    explicit SignInFailureStore(Database& database);

    /// Nothing when the query failed (the caller lets the sign-in go on: a busy store must not
    /// lock everyone out).
    std::optional<SignInFailures> failures(const QString& userId);
    bool record(const QString& userId, const SignInFailures& state);
    bool clear(const QString& userId);
    /// `user unlock NAME`: false with `error` for an unknown name.
    bool clearByName(const QString& userName, QString* error);

private:
    Database& m_db;
};

} // namespace palaver::server
