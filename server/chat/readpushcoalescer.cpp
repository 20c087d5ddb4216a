#include "chat/readpushcoalescer.h"

#include "limits/monotonicclock.h"

namespace palaver::server {

ReadPushCoalescer::ReadPushCoalescer(
    Push push, Clock clock, int intervalMs, qsizetype maxPending, QObject* parent)
    : QObject(parent)
    , m_push(std::move(push))
    , m_clock(clock ? std::move(clock) : Clock(monotonicMs))
    , m_intervalMs(intervalMs)
    , m_maxPending(maxPending)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ReadPushCoalescer::flushDue);
}

void ReadPushCoalescer::moved(const QString& convId, const QString& userId, qint64 seq)
{
    Key key { convId, userId };
    if (const auto window = m_windows.find(key); window != m_windows.end()) {
        window->moved = true; // the trailing edge reads the newest marker
        return;
    }
    m_push(convId, userId, seq);
    if (m_windows.size() >= m_maxPending)
        return; // full: pushed at once, remembered not
    open(key, m_clock());
    arm();
}

void ReadPushCoalescer::flushDue()
{
    const qint64 now = m_clock();
    while (!m_order.empty() && m_order.front().second <= now) {
        const Key key = std::move(m_order.front().first);
        m_order.pop_front();
        const auto window = m_windows.find(key);
        if (window == m_windows.end())
            continue;
        const bool movedSincePush = window->moved;
        m_windows.erase(window);
        if (!movedSincePush)
            continue; // quiet for a whole interval: the next move is a leading edge again
        m_push(key.first, key.second, std::nullopt);
        open(key, now); // at most one push per interval, also for a writer who keeps writing
    }
    arm();
}

void ReadPushCoalescer::open(const Key& key, qint64 nowMs)
{
    const qint64 due = nowMs + m_intervalMs;
    m_windows.insert(key, Window { due, false });
    m_order.emplace_back(key, due);
}

void ReadPushCoalescer::arm()
{
    if (m_order.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = qMax<qint64>(0, m_order.front().second - m_clock());
    // A timer already set for the front stays: restarting it on every move would cost more
    // than the move.
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}

} // namespace palaver::server
