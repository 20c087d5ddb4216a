#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>
#include <deque>
#include <functional>
#include <optional>
#include <utility>

namespace palaver::server {

/// Coalesces the `read` pushes that a writer's own messages cause. Every stored message moves its
/// author's read marker; pushing that to every member each time would double the frames of a
/// busy room. For one (writer, conversation) the first move is pushed at once (leading edge);
/// later moves within `intervalMs` are remembered, and when the interval ends one push carries the
/// marker as the store has it then (trailing edge), which opens the next interval. So a burst of
/// sends costs at most one push per interval, and the last marker always goes out.
///
/// Bounded: at most `maxPending` (writer, conversation) pairs are remembered (10,000 by default,
/// about 1 MB); a move of a pair beyond that is pushed at once, as without coalescing.
/// Lives in the hub's thread. The clock is injectable so tests drive time themselves.
class ReadPushCoalescer : public QObject
{
    Q_OBJECT
public:
    /// Pushes `userId`'s marker in `convId`: at `seq` when given, else as the store has it now.
    using Push = std::function<void(
        const QString& convId, const QString& userId, std::optional<qint64> seq)>;
    /// Milliseconds on a monotonic clock.
    using Clock = std::function<qint64()>;

    static constexpr int defaultIntervalMs = 1000;
    static constexpr qsizetype defaultMaxPending = 10000;

    explicit ReadPushCoalescer(Push push, Clock clock = {}, int intervalMs = defaultIntervalMs,
        qsizetype maxPending = defaultMaxPending, QObject* parent = nullptr);

    /// `userId`'s marker in `convId` moved to `seq` (their own message was stored there).
    void moved(const QString& convId, const QString& userId, qint64 seq);
    /// Pushes every trailing edge that is due by the clock (the timer calls it).
    void flushDue();

    /// (writer, conversation) pairs in an interval now.
    qsizetype pending() const { return m_windows.size(); }
    /// When the next interval ends, on the clock; -1 when none is open.
    qint64 nextDueMs() const { return m_order.empty() ? -1 : m_order.front().second; }

private:
    using Key = std::pair<QString, QString>; ///< convId, userId
    struct Window
    {
        qint64 dueMs = 0;
        bool moved = false; ///< the marker moved since the last push
    };

    void open(const Key& key, qint64 nowMs);
    void arm();

    Push m_push;
    Clock m_clock;
    int m_intervalMs;
    qsizetype m_maxPending;
    QHash<Key, Window> m_windows;
    /// Each open window once, by due time (all intervals are equally long, so appending keeps
    /// the order).
    std::deque<std::pair<Key, qint64>> m_order;
    QTimer m_timer;
};

} // namespace palaver::server
