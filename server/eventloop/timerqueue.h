#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QMultiHash>

#include <chrono>
#include <optional>
#include <vector>

namespace palaver::server {

/// The timers of one event dispatcher: a min-heap on (due time, arming order) with each timer's
/// place in it, so starting, stopping and firing are O(log n) (a QTimer restarted per message is
/// common). Semantics follow Qt's own dispatcher: a timer fires at most once per pass, a timer
/// started during a pass waits for the next one, a timer never fires again from an event loop
/// nested in its own handler, and Qt::TimerType is honoured (coarse: up to 5 % late, aligned so
/// that timers wake together; very coarse: whole seconds; never early). One thread only.
class TimerQueue
{
public:
    using Clock = std::chrono::steady_clock;

    TimerQueue() = default;
    ~TimerQueue();
    TimerQueue(const TimerQueue&) = delete;
    TimerQueue& operator=(const TimerQueue&) = delete;

    void add(int id, qint64 intervalMs, Qt::TimerType type, QObject* object, Clock::time_point now);
    bool remove(int id);
    bool removeAll(QObject* object);
    QList<QAbstractEventDispatcher::TimerInfo> timersOf(QObject* object) const;
    /// Milliseconds until the timer is due (0 if overdue), -1 for an unknown id.
    int remainingMs(int id, Clock::time_point now) const;
    /// How long until the next timer that may fire is due (zero if one is due); none: no timer.
    std::optional<Clock::duration> timeToNext(Clock::time_point now) const;
    /// Sends a QTimerEvent for every timer due at `now` that was armed before this call. Returns
    /// how many non-zero timers fired (Qt does not count zero timers as work done).
    int activate(Clock::time_point now);
    int size() const { return int(m_byId.size()); }

    /// When a timer armed at `now` (or last due at `previous`, if it repeats) is next due.
    static Clock::time_point nextDue(qint64 intervalMs, Qt::TimerType type, Clock::time_point now,
        std::optional<Clock::time_point> previous = std::nullopt);

private:
    struct Timer
    {
        int id;
        qint64 intervalMs;
        Qt::TimerType type;
        QObject* object;
        Clock::time_point due;
        quint64 order = 0; ///< when it was (re)armed: ties fire first-armed-first
        qsizetype heapIndex = -1; ///< -1: not in the heap (firing)
        bool firing = false;
        bool removed = false; ///< removed while firing: deleted once its handler returns
    };

    static bool earlier(const Timer* a, const Timer* b)
    {
        return a->due < b->due || (a->due == b->due && a->order < b->order);
    }
    void push(Timer* timer);
    void erase(Timer* timer);
    void siftUp(qsizetype index);
    void siftDown(qsizetype index);
    void place(Timer* timer, qsizetype index);
    void forget(Timer* timer);

    std::vector<Timer*> m_heap;
    QHash<int, Timer*> m_byId;
    QMultiHash<QObject*, Timer*> m_byObject;
    quint64 m_nextOrder = 0;
};

} // namespace palaver::server
