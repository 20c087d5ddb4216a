#pragma once

#include "limits/serverlimits.h"

#include <QtGlobal>

namespace palaver::server {

/// A token bucket for one RateLimit. Times are milliseconds on a monotonic clock the caller
/// supplies, so tests drive it without waiting.
class TokenBucket
{
public:
    TokenBucket() = default;
    TokenBucket(RateLimit rate, qint64 nowMs)
        : m_rate(rate)
        , m_tokens(rate.burst)
        , m_updatedMs(nowMs)
    { }

    /// Takes one token; when there is none, false and `retryAfterMs` says when there will be.
    bool take(qint64 nowMs, qint64* retryAfterMs = nullptr)
    {
        if (!m_rate.enabled())
            return true;
        refill(nowMs);
        if (m_tokens >= 1.0) {
            m_tokens -= 1.0;
            return true;
        }
        if (retryAfterMs)
            *retryAfterMs = qMax<qint64>(1, qint64((1.0 - m_tokens) * msPerToken() + 0.5));
        return false;
    }

    /// Back to a full bucket by now (it can then be forgotten: a new one is the same).
    bool isFull(qint64 nowMs)
    {
        refill(nowMs);
        return m_tokens >= m_rate.burst;
    }

private:
    double msPerToken() const { return 60000.0 / m_rate.perMinute; }
    void refill(qint64 nowMs)
    {
        if (nowMs > m_updatedMs) {
            m_tokens = qMin<double>(m_rate.burst, m_tokens + (nowMs - m_updatedMs) / msPerToken());
            m_updatedMs = nowMs;
        }
    }

    RateLimit m_rate;
    double m_tokens = 0;
    qint64 m_updatedMs = 0;
};

} // namespace palaver::server
