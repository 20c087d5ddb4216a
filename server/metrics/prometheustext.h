#pragma once

#include "metrics/metric.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace palaver::server {

/// Writes metrics in Prometheus' text exposition format (version 0.0.4): a HELP and a TYPE line
/// per metric name, then its samples.
class PrometheusText
{
public:
    static constexpr const char* contentType = "text/plain; version=0.0.4; charset=utf-8";

    /// A whole number (frames) or not (CPU seconds): both print exactly up to 2^53.
    void counter(const char* name, const char* help, double value);
    void gauge(const char* name, const char* help, double value);
    void histogram(const char* name, const char* help, const Histogram& histogram);
    /// One metric name with one sample per label value.
    void counters(
        const char* name, const char* help, const char* label, const Family<Counter>& family);
    void counters(const char* name, const char* help, const char* label,
        const QHash<QString, quint64>& values);
    void gauges(const char* name, const char* help, const char* label, const Family<Gauge>& family);
    void histograms(
        const char* name, const char* help, const char* label, const Family<Histogram>& family);
    /// A gauge with fixed labels, e.g. build info: `{version="1.2.0",qt="6.4.2"} 1`.
    void labelledGauge(const char* name, const char* help,
        const QList<QPair<QString, QString>>& labels, double value);

    QByteArray text() const { return m_text; }

    /// A label value with `\`, `"` and line breaks escaped.
    static QByteArray escapeLabelValue(const QString& value);

private:
    void header(const char* name, const char* help, const char* type);
    void sample(const QByteArray& name, const QByteArray& labels, double value);
    void histogramSamples(const char* name, const QByteArray& labels, const Histogram& histogram);

    QByteArray m_text;
};

} // namespace palaver::server
