#pragma once

#include <QtGlobal>

#include <functional>

namespace palaver::client {

/// When to try again after a connection failed: exponential backoff with full jitter (a random
/// delay between 0 and min(cap, initial · 2^attempt)), so a server that restarts is not hit by
/// every client at the same moment. A connection that stayed up for `stableMs` resets it. Pure:
/// the random source and the clock are injectable for tests.
class BackoffPolicy
{
public:
    /// Returns a number in [0, 1).
    using RandomSource = std::function<double()>;
    /// Returns milliseconds on a monotonic clock.
    using Clock = std::function<qint64()>;

    static constexpr int defaultInitialMs = 500;
    static constexpr int defaultCapMs = 30'000;
    static constexpr int defaultStableMs = 60'000;

    BackoffPolicy();

    void setInitialMs(int ms) { m_initialMs = qMax(1, ms); }
    void setCapMs(int ms) { m_capMs = qMax(1, ms); }
    void setStableMs(int ms) { m_stableMs = qMax(0, ms); }
    void setRandomSource(RandomSource random) { m_random = std::move(random); }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    int initialMs() const { return m_initialMs; }
    int capMs() const { return m_capMs; }

    /// The upper bound of the delay for the next attempt (before jitter).
    int ceilingMs() const;
    /// Counts one more attempt and returns how long to wait before it.
    int nextDelayMs();
    /// Attempts counted since the last reset (the one being waited for included).
    int attempt() const { return m_attempt; }
    void reset() { m_attempt = 0; }

    /// The connection is up (signed in): the clock for "stable" starts.
    void noteConnected();
    /// The connection went down: if it had been up for `stableMs`, start again from the beginning.
    void noteDisconnected();

private:
    int m_initialMs = defaultInitialMs;
    int m_capMs = defaultCapMs;
    int m_stableMs = defaultStableMs;
    int m_attempt = 0;
    qint64 m_connectedAt = -1;
    RandomSource m_random;
    Clock m_clock;
};

} // namespace palaver::client
