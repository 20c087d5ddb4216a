#pragma once

#include <QHash>
#include <QMutex>
#include <QQueue>
#include <QString>
#include <functional>

namespace palaver::server {

/// The hub's inbound queue: requests from the network workers wait here for the hub's thread,
/// one line per user (or per connection before sign-in), and the hub serves the lines in turn.
/// A user who sends thousands of requests waits behind their own, not in front of everyone
/// else's; a line longer than its bound refuses more. Thread-safe.
class InboundQueue
{
public:
    using Task = std::function<void()>;

    explicit InboundQueue(int maxPerLine)
        : m_maxPerLine(maxPerLine)
    { }

    enum class Push { Refused, Queued, QueuedAndIdle };
    /// Adds `task` to `line`. Refused when the line already holds its bound and `bounded` is set
    /// (bookkeeping such as "this connection ended" is never refused). QueuedAndIdle: nobody is
    /// draining; the caller arranges a drain().
    Push push(const QString& line, Task task, bool bounded);
    /// Runs at most `maxTasks` tasks, one from each line in turn; true when work is left (the
    /// caller arranges another drain), false when the queue went idle.
    bool drain(int maxTasks);
    int waiting() const;

private:
    Task next(bool* idle);

    const int m_maxPerLine;
    mutable QMutex m_mutex;
    QHash<QString, QQueue<Task>> m_lines;
    QQueue<QString> m_turns; ///< lines with work, each once, in serving order
    int m_waiting = 0;
    bool m_draining = false;
};

} // namespace palaver::server
