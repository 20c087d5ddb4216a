#pragma once

#include <QList>
#include <QString>
#include <functional>

namespace palaver::server {

class Database;

/// Stores many writes with one commit (group commit): the hub opens one transaction for the
/// messages that arrive together (one drain of its inbound queue: whatever queued up while the
/// last batch was being stored) and commits once, instead of once per message. Whatever depends
/// on a write being durable (its `ack`, its fan-out) waits in afterCommit() and runs only after the
/// commit; when the commit fails everything since begin() is rolled back and each waiting request
/// learns that instead. Used from the database's thread only.
class GroupCommit
{
public:
    using Committed = std::function<void()>;
    using Failed = std::function<void(const QString& error)>;

    explicit GroupCommit(Database& database);
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    /// Opens the shared transaction unless it is open; false (with the database's error) when it
    /// could not be opened.
    bool begin();
    bool isOpen() const { return m_open; }
    /// `committed` runs once what was written so far is committed, `failed` when it was rolled
    /// back instead. Without an open transaction, `committed` runs at once.
    void afterCommit(Committed committed, Failed failed);
    /// Commits the open transaction (nothing to do when none is) and then runs the waiting
    /// callbacks in the order they were added; false when the commit failed.
    bool commit();

private:
    struct Waiting
    {
        Committed committed;
        Failed failed;
    };

    Database& m_db;
    bool m_open = false;
    QList<Waiting> m_waiting;
};

} // namespace palaver::server
