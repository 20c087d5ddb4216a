#pragma once

#include "limits/tokenbucket.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace palaver::server {

/// Token buckets by key (a user id, an address), shared by threads. Full buckets are forgotten
/// now and then, so the table holds only keys that were busy lately, whatever the number of keys
/// an attacker makes up.
class RateLimiter
{
public:
    explicit RateLimiter(RateLimit rate)
        : m_rate(rate)
    { }

    /// Takes a token from `key`'s bucket; false with `retryAfterMs` when it is empty.
    bool take(const QString& key, qint64 nowMs, qint64* retryAfterMs = nullptr);
    bool enabled() const { return m_rate.enabled(); }
    qsizetype trackedKeys() const;

private:
    void forgetIdle(qint64 nowMs);

    const RateLimit m_rate;
    mutable QMutex m_mutex;
    QHash<QString, TokenBucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};

} // namespace palaver::server
