#pragma once

#include <QAtomicInteger>
#include <QList>
#include <QMutex>
#include <QString>

#include <functional>
#include <map>
#include <memory>

namespace palaver::server {

/// A number that only goes up (Prometheus counter). Thread-safe and lock-free: a relaxed atomic
/// add, cheap enough for once per frame.
class Counter
{
public:
    void add(quint64 n = 1) { m_value.fetchAndAddRelaxed(n); }
    quint64 value() const { return m_value.loadRelaxed(); }

private:
    QAtomicInteger<quint64> m_value { 0 };
};

/// A number that goes up and down (Prometheus gauge). Thread-safe and lock-free.
class Gauge
{
public:
    void add(qint64 n) { m_value.fetchAndAddRelaxed(n); }
    void set(qint64 n) { m_value.storeRelaxed(n); }
    qint64 value() const { return m_value.loadRelaxed(); }

private:
    QAtomicInteger<qint64> m_value { 0 };
};

/// Observations counted into fixed buckets (Prometheus histogram). Thread-safe and lock-free:
/// one atomic add for the bucket, one for the sum (kept in millionths).
class Histogram
{
public:
    /// `bounds`: the buckets' upper bounds, ascending (+Inf is implied).
    explicit Histogram(QList<double> bounds);

    void observe(double value);

    struct Snapshot
    {
        QList<double> bounds;
        QList<quint64> cumulative; ///< per bound, then +Inf (= count)
        double sum = 0;
    };
    Snapshot snapshot() const;

    /// Seconds from 1 ms to 60 s: request, database and upstream latencies.
    static QList<double> latencyBounds();

private:
    QList<double> m_bounds;
    std::unique_ptr<QAtomicInteger<quint64>[]> m_counts; ///< per bound, then +Inf
    QAtomicInteger<qint64> m_sumMicros { 0 };
};

/// Metrics of one kind told apart by one label (`reason`, `limit`, `model`): created on first
/// use. Looking one up takes a lock; hot paths keep the reference (it stays valid).
template<typename Metric> class Family
{
public:
    template<typename... Args>
    explicit Family(Args... metricArgs)
        : m_make([=] { return std::make_unique<Metric>(metricArgs...); })
    { }

    Metric& with(const QString& labelValue)
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_metrics.find(labelValue);
        if (it == m_metrics.end())
            it = m_metrics.emplace(labelValue, m_make()).first;
        return *it->second;
    }

    /// Calls `visit(labelValue, metric)` for each, in label order.
    template<typename Visit> void forEach(Visit visit) const
    {
        QMutexLocker lock(&m_mutex);
        for (const auto& [label, metric] : m_metrics)
            visit(label, *metric);
    }

private:
    std::function<std::unique_ptr<Metric>()> m_make;
    mutable QMutex m_mutex;
    std::map<QString, std::unique_ptr<Metric>> m_metrics;
};

} // namespace palaver::server
