#include "limits/ratelimiter.h"

namespace palaver::server {

namespace {
// A sweep costs a walk over the table: at most once a minute, or when it grows large.
constexpr qint64 sweepIntervalMs = 60000;
constexpr qsizetype sweepSize = 10000;
} // namespace

bool RateLimiter::take(const QString& key, qint64 nowMs, qint64* retryAfterMs)
{
    if (!m_rate.enabled())
        return true;
    QMutexLocker lock(&m_mutex);
    if (nowMs - m_lastSweepMs > sweepIntervalMs || m_buckets.size() > sweepSize)
        forgetIdle(nowMs);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, TokenBucket(m_rate, nowMs));
    return it->take(nowMs, retryAfterMs);
}

qsizetype RateLimiter::trackedKeys() const
{
    QMutexLocker lock(&m_mutex);
    return m_buckets.size();
}

void RateLimiter::forgetIdle(qint64 nowMs)
{
    m_lastSweepMs = nowMs;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (it->isFull(nowMs))
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace palaver::server
