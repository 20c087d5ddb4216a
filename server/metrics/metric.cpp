#include "metrics/metric.h"

#include <algorithm>

namespace palaver::server {

Histogram::Histogram(QList<double> bounds)
    : m_bounds(std::move(bounds))
    , m_counts(new QAtomicInteger<quint64>[size_t(m_bounds.size()) + 1])
{
    for (qsizetype i = 0; i <= m_bounds.size(); ++i)
        m_counts[size_t(i)].storeRelaxed(0);
}

void Histogram::observe(double value)
{
    // The first bucket whose bound is not below the value (le = "less or equal").
    const auto it = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    m_counts[size_t(it - m_bounds.cbegin())].fetchAndAddRelaxed(1);
    m_sumMicros.fetchAndAddRelaxed(qint64(value * 1e6));
}

Histogram::Snapshot Histogram::snapshot() const
{
    Snapshot snapshot;
    snapshot.bounds = m_bounds;
    quint64 running = 0;
    for (qsizetype i = 0; i <= m_bounds.size(); ++i) {
        running += m_counts[size_t(i)].loadRelaxed();
        snapshot.cumulative.append(running);
    }
    snapshot.sum = double(m_sumMicros.loadRelaxed()) / 1e6;
    return snapshot;
}

QList<double> Histogram::latencyBounds()
{
    return { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 };
}

} // namespace palaver::server
