#include "eventloop/timerqueue.h"

#include <QCoreApplication>
#include <QTimerEvent>

namespace palaver::server {

namespace {

using namespace std::chrono_literals;

// Qt's limits for a coarse timer: below 20 ms 5 % is under a millisecond (so it is precise),
// from 20 s on 5 % is a second or more (so it is very coarse).
constexpr qint64 preciseBelowMs = 20;
constexpr qint64 veryCoarseFromMs = 20000;

/// The coarsest step a coarse timer of this interval may be aligned to while staying within
/// 5 % late; timers aligned to the same steps wake the thread together.
std::chrono::milliseconds coarseStep(qint64 intervalMs)
{
    const qint64 slackMs = intervalMs / 20;
    for (const qint64 step : { 1000, 500, 250, 100, 50, 25, 10, 5 }) {
        if (step <= slackMs)
            return std::chrono::milliseconds(step);
    }
    return 0ms;
}

TimerQueue::Clock::time_point alignUp(
    TimerQueue::Clock::time_point due, TimerQueue::Clock::duration step)
{
    if (step <= TimerQueue::Clock::duration::zero())
        return due;
    const auto sinceEpoch = due.time_since_epoch();
    const auto steps = (sinceEpoch + step - TimerQueue::Clock::duration(1)) / step;
    return TimerQueue::Clock::time_point(steps * step);
}

} // namespace

TimerQueue::~TimerQueue()
{
    qDeleteAll(m_byId);
}

TimerQueue::Clock::time_point TimerQueue::nextDue(qint64 intervalMs, Qt::TimerType type,
    Clock::time_point now, std::optional<Clock::time_point> previous)
{
    if (intervalMs <= 0)
        return now;
    if (type == Qt::CoarseTimer && intervalMs < preciseBelowMs)
        type = Qt::PreciseTimer;
    if (type == Qt::CoarseTimer && intervalMs >= veryCoarseFromMs)
        type = Qt::VeryCoarseTimer;

    if (type == Qt::VeryCoarseTimer) {
        const std::chrono::seconds step { qMax<qint64>(1, (intervalMs + 500) / 1000) };
        Clock::time_point due = previous ? *previous + step : now + step;
        if (due <= now)
            due = now + step;
        return alignUp(due, 1s);
    }
    const std::chrono::milliseconds interval { intervalMs };
    Clock::time_point due = previous ? *previous + interval : now + interval;
    // A repeating timer that fell behind (a long handler, a busy thread) skips what it missed
    // instead of firing in a burst.
    if (due < now)
        due = now + interval;
    return type == Qt::CoarseTimer ? alignUp(due, coarseStep(intervalMs)) : due;
}

void TimerQueue::add(
    int id, qint64 intervalMs, Qt::TimerType type, QObject* object, Clock::time_point now)
{
    if (m_byId.contains(id))
        remove(id);
    auto* timer = new Timer { id, intervalMs, type, object, nextDue(intervalMs, type, now) };
    m_byId.insert(id, timer);
    m_byObject.insert(object, timer);
    push(timer);
}

bool TimerQueue::remove(int id)
{
    Timer* timer = m_byId.take(id);
    if (!timer)
        return false;
    m_byObject.remove(timer->object, timer);
    forget(timer);
    return true;
}

bool TimerQueue::removeAll(QObject* object)
{
    const QList<Timer*> timers = m_byObject.values(object);
    if (timers.isEmpty())
        return false;
    m_byObject.remove(object);
    for (Timer* timer : timers) {
        m_byId.remove(timer->id);
        forget(timer);
    }
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo> TimerQueue::timersOf(QObject* object) const
{
    QList<QAbstractEventDispatcher::TimerInfo> infos;
    for (auto it = m_byObject.constFind(object); it != m_byObject.cend() && it.key() == object;
         ++it) {
        const Timer* timer = it.value();
        infos.append({ timer->id, int(timer->intervalMs), timer->type });
    }
    return infos;
}

int TimerQueue::remainingMs(int id, Clock::time_point now) const
{
    const Timer* timer = m_byId.value(id);
    if (!timer)
        return -1;
    if (timer->due <= now)
        return 0;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(timer->due - now);
    return int(qMin<qint64>(left.count(), std::numeric_limits<int>::max()));
}

std::optional<TimerQueue::Clock::duration> TimerQueue::timeToNext(Clock::time_point now) const
{
    // A firing timer is out of the heap: an event loop nested in its handler does not wait for it.
    if (m_heap.empty())
        return std::nullopt;
    const Clock::time_point due = m_heap.front()->due;
    return due <= now ? Clock::duration::zero() : due - now;
}

int TimerQueue::activate(Clock::time_point now)
{
    // Timers armed from here on (by a handler, or re-armed after firing) wait for the next pass:
    // a zero timer that restarts itself cannot starve the sockets.
    const quint64 armedBefore = m_nextOrder;
    int fired = 0;
    while (!m_heap.empty()) {
        Timer* timer = m_heap.front();
        if (timer->due > now || timer->order >= armedBefore)
            break;
        erase(timer);
        timer->due = nextDue(timer->intervalMs, timer->type, now, timer->due);
        if (timer->intervalMs > 0)
            ++fired;
        timer->firing = true;
        QTimerEvent event(timer->id);
        QCoreApplication::sendEvent(timer->object, &event);
        timer->firing = false;
        if (timer->removed) {
            delete timer;
            continue;
        }
        push(timer);
    }
    return fired;
}

void TimerQueue::forget(Timer* timer)
{
    if (timer->firing) {
        timer->removed = true; // activate() still holds it
        return;
    }
    erase(timer);
    delete timer;
}

void TimerQueue::push(Timer* timer)
{
    timer->order = m_nextOrder++;
    m_heap.push_back(timer);
    timer->heapIndex = qsizetype(m_heap.size()) - 1;
    siftUp(timer->heapIndex);
}

void TimerQueue::erase(Timer* timer)
{
    const qsizetype index = timer->heapIndex;
    if (index < 0)
        return;
    timer->heapIndex = -1;
    Timer* last = m_heap.back();
    m_heap.pop_back();
    if (last == timer)
        return;
    place(last, index);
    siftUp(index);
    siftDown(last->heapIndex);
}

void TimerQueue::place(Timer* timer, qsizetype index)
{
    m_heap[size_t(index)] = timer;
    timer->heapIndex = index;
}

void TimerQueue::siftUp(qsizetype index)
{
    Timer* timer = m_heap[size_t(index)];
    while (index > 0) {
        const qsizetype parent = (index - 1) / 2;
        if (!earlier(timer, m_heap[size_t(parent)]))
            break;
        place(m_heap[size_t(parent)], index);
        index = parent;
    }
    place(timer, index);
}

void TimerQueue::siftDown(qsizetype index)
{
    Timer* timer = m_heap[size_t(index)];
    const qsizetype count = qsizetype(m_heap.size());
    while (true) {
        qsizetype child = 2 * index + 1;
        if (child >= count)
            break;
        if (child + 1 < count && earlier(m_heap[size_t(child + 1)], m_heap[size_t(child)]))
            ++child;
        if (!earlier(m_heap[size_t(child)], timer))
            break;
        place(m_heap[size_t(child)], index);
        index = child;
    }
    place(timer, index);
}

} // namespace palaver::server
