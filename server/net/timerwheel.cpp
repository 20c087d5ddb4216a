#include "net/timerwheel.h"

#include "limits/monotonicclock.h"

namespace palaver::server {

void TimerWheel::Timer::unlink()
{
    m_prev->m_next = m_next;
    m_next->m_prev = m_prev;
    m_prev = m_next = nullptr;
}

void TimerWheel::Timer::cancel()
{
    if (!m_wheel)
        return;
    unlink();
    if (--m_wheel->m_size == 0)
        m_wheel->m_driver.stop(); // nothing left to wake up for
    m_wheel = nullptr;
}

TimerWheel::TimerWheel(int tickMs, std::function<qint64()> clock, QObject* parent)
    : QObject(parent)
    , m_tickMs(qMax(1, tickMs))
    , m_clock(clock ? std::move(clock) : std::function<qint64()>(monotonicMs))
    , m_origin(m_clock())
    , m_driver(this) // a child: it moves to the wheel's thread with it
{
    // The wheel coalesces on its own; a coarse timer would also wake up to 5 % early for nothing.
    m_driver.setTimerType(Qt::PreciseTimer);
    m_driver.setSingleShot(true);
    connect(&m_driver, &QTimer::timeout, this, &TimerWheel::advance);
}

TimerWheel::~TimerWheel()
{
    // Owners may outlive the wheel (a worker's sessions are deleted after its members): leave
    // their timers stopped and unlinked.
    for (Slot& slot : m_slots) {
        Timer* timer = slot.head.m_next;
        while (timer != &slot.head) {
            Timer* next = timer->m_next;
            timer->m_wheel = nullptr;
            timer->m_prev = timer->m_next = nullptr;
            timer = next;
        }
        slot.head.m_prev = slot.head.m_next = &slot.head;
    }
}

qint64 TimerWheel::tickAt(qint64 ms) const
{
    return (ms - m_origin) / m_tickMs;
}

void TimerWheel::link(Slot& slot, Timer& timer)
{
    timer.m_prev = slot.head.m_prev;
    timer.m_next = &slot.head;
    slot.head.m_prev->m_next = &timer;
    slot.head.m_prev = &timer;
}

void TimerWheel::start(Timer& timer, qint64 delayMs)
{
    timer.cancel();
    // The first tick that starts at or after the deadline: never early.
    const qint64 dueMs = m_clock() + qMax<qint64>(0, delayMs) - m_origin;
    const qint64 due = qMax(m_doneTick + 1, (dueMs + m_tickMs - 1) / m_tickMs);
    timer.m_dueTick = due;
    timer.m_wheel = this;
    link(m_slots[size_t(due % slotCount)], timer);
    ++m_size;
    // Re-armed only for an earlier tick: most starts (a ping re-armed 30 s ahead) touch no
    // QTimer at all.
    if (!m_driver.isActive() || due < m_armedTick)
        arm();
}

void TimerWheel::advance()
{
    const qint64 now = tickAt(m_clock());
    if (now > m_doneTick) {
        const qint64 from = m_doneTick;
        // Set first: a timer started by a callback lands after this tick.
        m_doneTick = now;
        const qint64 steps = qMin<qint64>(now - from, slotCount);
        for (qint64 step = 1; step <= steps; ++step)
            fireSlot(m_slots[size_t((from + step) % slotCount)], now);
    }
    arm();
}

void TimerWheel::fireSlot(Slot& slot, qint64 now)
{
    if (slot.head.m_next == &slot.head)
        return;
    // Moved to a list of its own first: callbacks may cancel, restart or destroy any timer,
    // this slot's included, and each of those unlinks from wherever it is.
    Slot pending;
    pending.head.m_next = slot.head.m_next;
    pending.head.m_prev = slot.head.m_prev;
    pending.head.m_next->m_prev = &pending.head;
    pending.head.m_prev->m_next = &pending.head;
    slot.head.m_prev = slot.head.m_next = &slot.head;
    while (pending.head.m_next != &pending.head) {
        Timer* timer = pending.head.m_next;
        timer->unlink();
        if (timer->m_dueTick > now) { // a later turn of the wheel
            link(slot, *timer);
            continue;
        }
        timer->m_wheel = nullptr;
        --m_size;
        // A copy: the callback may restart its timer with another one, or end its owner.
        const std::function<void()> onTimeout = timer->m_onTimeout;
        if (onTimeout)
            onTimeout();
    }
}

void TimerWheel::arm()
{
    if (m_size == 0) {
        m_driver.stop();
        return;
    }
    // The next occupied slot (it may hold only timers of a later turn: then it wakes once more).
    qint64 next = m_doneTick + slotCount;
    for (qint64 tick = m_doneTick + 1; tick < m_doneTick + slotCount; ++tick) {
        const Slot& slot = m_slots[size_t(tick % slotCount)];
        if (slot.head.m_next != &slot.head) {
            next = tick;
            break;
        }
    }
    m_armedTick = next;
    m_driver.start(int(qMax<qint64>(0, m_origin + next * m_tickMs - m_clock())));
}

} // namespace palaver::server
