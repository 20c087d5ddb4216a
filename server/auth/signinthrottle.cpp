#include "auth/signinthrottle.h"

#include "limits/addresskey.h"

namespace palaver::server {

qint64 signInBackoffMs(int failures, const SignInLimits& limits, int free)
{
    if (failures <= 0 || failures < free)
        return 0;
    const int doublings = qMin(failures - qMax(free, 1), 30);
    return qMin<qint64>(qint64(limits.backoffBaseMs) << doublings, limits.maxBackoffMs);
}

qint64 SignInThrottle::retryAfterMs(const QHostAddress& address, qint64 nowMs)
{
    const auto it = m_entries.constFind(addressKey(address));
    if (it == m_entries.constEnd())
        return 0;
    const qint64 until
        = it->lastFailureMs + signInBackoffMs(it->failures, m_limits, m_limits.freeFailuresPerIp);
    return qMax<qint64>(0, until - nowMs);
}

void SignInThrottle::recordFailure(const QHostAddress& address, qint64 nowMs)
{
    if (nowMs - m_lastSweepMs > 60000 || m_entries.size() >= maxTracked)
        forgetOld(nowMs);
    Entry& entry = m_entries[addressKey(address)];
    if (entry.failures > 0 && nowMs - entry.lastFailureMs > m_limits.failureMemoryMs)
        entry.failures = 0;
    ++entry.failures;
    entry.lastFailureMs = nowMs;
}

int SignInThrottle::failures(const QHostAddress& address) const
{
    return m_entries.value(addressKey(address)).failures;
}

void SignInThrottle::forgetOld(qint64 nowMs)
{
    m_lastSweepMs = nowMs;
    qint64 memory = m_limits.failureMemoryMs;
    // Over the bound even after forgetting the expired ones: forget the older half of the rest.
    for (int round = 0; round < 20; ++round) {
        m_entries.removeIf(
            [&](const auto& it) { return nowMs - it.value().lastFailureMs > memory; });
        if (m_entries.size() < maxTracked)
            return;
        memory /= 2;
    }
}

} // namespace palaver::server
