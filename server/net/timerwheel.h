#pragma once

#include <QObject>
#include <QTimer>
#include <array>
#include <functional>

namespace palaver::server {

/// One worker's deadlines (pings, the sign-in and fragment deadlines, stall checks, request heads)
/// in a hashed timer wheel driven by a single QTimer, instead of a QTimer per connection and
/// purpose: thousands of idle connections cost one wake-up per tick at most, and starting or
/// cancelling a deadline is O(1) without allocating.
///
/// Time is cut into ticks of `tickMs`; a deadline lands in the slot of the first tick at or after
/// it, so it never fires early and at most one tick (plus the event loop's delay) late. Slots
/// hold intrusive lists: a Timer unlinks itself when cancelled or destroyed, so an owner that
/// goes away leaves nothing behind. A deadline further away than one turn of the wheel waits in
/// its slot for later turns. The QTimer is armed for the next occupied slot only (an idle worker
/// does not tick), and stopped while the wheel is empty. Lives in (and is used from) one thread.
class TimerWheel : public QObject
{
    Q_OBJECT
public:
    static constexpr int slotCount = 512;

    /// A deadline in a wheel, embedded in its owner. Not copyable; destroying it cancels it.
    class Timer
    {
    public:
        explicit Timer(std::function<void()> onTimeout = {})
            : m_onTimeout(std::move(onTimeout))
        { }
        ~Timer() { cancel(); }
        Timer(const Timer&) = delete;
        Timer& operator=(const Timer&) = delete;

        void setCallback(std::function<void()> onTimeout) { m_onTimeout = std::move(onTimeout); }
        bool isActive() const { return m_wheel != nullptr; }
        void cancel();

    private:
        friend class TimerWheel;
        void unlink();

        std::function<void()> m_onTimeout;
        TimerWheel* m_wheel = nullptr;
        Timer* m_prev = nullptr;
        Timer* m_next = nullptr;
        qint64 m_dueTick = 0;
    };

    /// `clock` says the time in ms (monotonic; tests pass their own); default: monotonicMs().
    explicit TimerWheel(
        int tickMs = 100, std::function<qint64()> clock = {}, QObject* parent = nullptr);
    ~TimerWheel() override;

    /// (Re)starts `timer` to fire `delayMs` from now (a running one is moved).
    void start(Timer& timer, qint64 delayMs);
    /// Fires every timer that is due by the clock now; the QTimer calls it (tests may too).
    void advance();

    int tickMs() const { return m_tickMs; }
    /// Timers waiting (tests, metrics).
    int size() const { return m_size; }
    /// The driving QTimer runs (tests: an empty wheel does not wake its thread).
    bool isTicking() const { return m_driver.isActive(); }

private:
    /// A slot's list head: a Timer that is never started.
    struct Slot
    {
        Timer head;
        Slot() { head.m_prev = head.m_next = &head; }
    };
    qint64 tickAt(qint64 ms) const;
    void link(Slot& slot, Timer& timer);
    /// Fires the slot's timers due by tick `now`; keeps those of later turns.
    void fireSlot(Slot& slot, qint64 now);
    void arm();

    int m_tickMs;
    std::function<qint64()> m_clock;
    qint64 m_origin; ///< the clock at tick 0
    qint64 m_doneTick = 0; ///< every tick up to this one has fired
    qint64 m_armedTick = 0; ///< the tick the driver is armed for, while it runs
    int m_size = 0;
    std::array<Slot, slotCount> m_slots;
    QTimer m_driver;
};

} // namespace palaver::server
