#pragma once

#include "limits/serverlimits.h"

#include <QHash>
#include <QHostAddress>

namespace palaver::server {

/// How long a sign-in must wait after `failures` failed ones: nothing while fewer than `free`
/// failed; once `free` have, the next try waits `backoffBaseMs`, doubling with each further
/// failure, at most `maxBackoffMs` (the lockout window).
qint64 signInBackoffMs(int failures, const SignInLimits& limits, int free);

/// Failed sign-ins by client address (IPv6 by /64), across connections, in memory: an address
/// that keeps guessing waits longer and longer before its next try is even hashed. Lives in the
/// hub's thread. Bounded: entries are forgotten `failureMemoryMs` after their last failure, and
/// past `maxTracked` addresses the oldest go first.
class SignInThrottle
{
public:
    static constexpr int maxTracked = 100000;

    explicit SignInThrottle(const SignInLimits& limits)
        : m_limits(limits)
    { }

    /// How long `address` must still wait (0: it may try now). Times on the monotonic clock.
    qint64 retryAfterMs(const QHostAddress& address, qint64 nowMs);
    void recordFailure(const QHostAddress& address, qint64 nowMs);
    int failures(const QHostAddress& address) const;

private:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
    };
    void forgetOld(qint64 nowMs);

    const SignInLimits m_limits;
    QHash<QHostAddress, Entry> m_entries;
    qint64 m_lastSweepMs = 0;
};

} // namespace palaver::server
