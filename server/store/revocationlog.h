#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace palaver::server {

class Database;

/// The store's log of accounts whose tokens stopped being valid. Triggers append a row whenever a
/// token is deleted or changed, an account disabled or removed, whoever writes the store (this
/// server or `palaver-server user …` in another process), so a running server finds out with one
/// small query per check instead of re-checking every live session's token.
class RevocationLog
{
public:
    /// What the log gained after a cursor.
    struct Entries
    {
        qint64 latest = 0; ///< the cursor to ask from next time
        QList<QString> userIds; ///< accounts named (may repeat)
        bool truncated = false; ///< more than asked for: check everyone instead
    };

    explicit RevocationLog(Database& database);

    /// The newest entry's number (0 for an empty log); nothing when the store failed.
    std::optional<qint64> latest();
    /// The entries after `cursor`, at most `limit`; nothing when the store failed.
    std::optional<Entries> since(qint64 cursor, int limit = 1000);
    /// Forgets entries written more than `ageMs` ago (so the log stays small).
    bool prune(qint64 ageMs);

private:
    Database& m_db;
};

} // namespace palaver::server
