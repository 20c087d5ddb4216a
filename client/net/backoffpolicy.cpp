#include "net/backoffpolicy.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace palaver::client {

BackoffPolicy::BackoffPolicy()
    : m_random([] { return QRandomGenerator::global()->generateDouble(); })
    , m_clock([] {
        // One process-wide monotonic origin, so values from different calls compare.
        static QElapsedTimer origin = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return origin.elapsed();
    })
{ }

int BackoffPolicy::ceilingMs() const
{
    // 2^attempt overflows quickly; the cap is reached long before 2^20 anyway.
    const int exponent = std::min(m_attempt, 20);
    const double ceiling = double(m_initialMs) * std::pow(2.0, exponent);
    return int(std::min<double>(ceiling, m_capMs));
}

int BackoffPolicy::nextDelayMs()
{
    const int ceiling = ceilingMs();
    ++m_attempt;
    const double r = std::clamp(m_random(), 0.0, 1.0);
    return std::min(ceiling, int(r * ceiling));
}

void BackoffPolicy::noteConnected()
{
    m_connectedAt = m_clock();
}

void BackoffPolicy::noteDisconnected()
{
    if (m_connectedAt >= 0 && m_clock() - m_connectedAt >= m_stableMs)
        reset();
    m_connectedAt = -1;
}

} // namespace palaver::client
