#include "metrics/prometheustext.h"

#include <QStringList>

namespace palaver::server {

namespace {

QByteArray number(double value)
{
    if (qIsInf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (qIsNaN(value))
        return "NaN";
    // Integers as integers (counters up to 2^53 stay exact), the rest with enough digits.
    if (value == double(qint64(value)) && qAbs(value) < 9.0e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 10);
}

QByteArray labelPair(const char* label, const QString& value)
{
    return QByteArray(label) + "=\"" + PrometheusText::escapeLabelValue(value) + '"';
}

} // namespace

QByteArray PrometheusText::escapeLabelValue(const QString& value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void PrometheusText::header(const char* name, const char* help, const char* type)
{
    m_text += "# HELP " + QByteArray(name) + ' ' + help + '\n';
    m_text += "# TYPE " + QByteArray(name) + ' ' + type + '\n';
}

void PrometheusText::sample(const QByteArray& name, const QByteArray& labels, double value)
{
    m_text += name;
    if (!labels.isEmpty())
        m_text += '{' + labels + '}';
    m_text += ' ' + number(value) + '\n';
}

void PrometheusText::counter(const char* name, const char* help, double value)
{
    header(name, help, "counter");
    sample(name, {}, value);
}

void PrometheusText::gauge(const char* name, const char* help, double value)
{
    header(name, help, "gauge");
    sample(name, {}, value);
}

void PrometheusText::histogram(const char* name, const char* help, const Histogram& histogram)
{
    header(name, help, "histogram");
    histogramSamples(name, {}, histogram);
}

void PrometheusText::histogramSamples(
    const char* name, const QByteArray& labels, const Histogram& histogram)
{
    const Histogram::Snapshot snapshot = histogram.snapshot();
    const QByteArray base(name);
    const QByteArray prefix = labels.isEmpty() ? QByteArray() : labels + ',';
    for (qsizetype i = 0; i < snapshot.bounds.size(); ++i) {
        sample(base + "_bucket", prefix + "le=\"" + number(snapshot.bounds[i]) + '"',
            double(snapshot.cumulative[i]));
    }
    const quint64 count = snapshot.cumulative.last();
    sample(base + "_bucket", prefix + "le=\"+Inf\"", double(count));
    sample(base + "_sum", labels, snapshot.sum);
    sample(base + "_count", labels, double(count));
}

void PrometheusText::counters(
    const char* name, const char* help, const char* label, const Family<Counter>& family)
{
    header(name, help, "counter");
    family.forEach([&](const QString& value, const Counter& counter) {
        sample(name, labelPair(label, value), double(counter.value()));
    });
}

void PrometheusText::counters(
    const char* name, const char* help, const char* label, const QHash<QString, quint64>& values)
{
    header(name, help, "counter");
    QStringList labels = values.keys();
    labels.sort(); // a stable order between scrapes
    for (const QString& value : std::as_const(labels))
        sample(name, labelPair(label, value), double(values.value(value)));
}

void PrometheusText::gauges(
    const char* name, const char* help, const char* label, const Family<Gauge>& family)
{
    header(name, help, "gauge");
    family.forEach([&](const QString& value, const Gauge& gauge) {
        sample(name, labelPair(label, value), double(gauge.value()));
    });
}

void PrometheusText::histograms(
    const char* name, const char* help, const char* label, const Family<Histogram>& family)
{
    header(name, help, "histogram");
    family.forEach([&](const QString& value, const Histogram& histogram) {
        histogramSamples(name, labelPair(label, value), histogram);
    });
}

void PrometheusText::labelledGauge(
    const char* name, const char* help, const QList<QPair<QString, QString>>& labels, double value)
{
    header(name, help, "gauge");
    QByteArray joined;
    for (const auto& [label, labelValue] : labels) {
        if (!joined.isEmpty())
            joined += ',';
        joined += labelPair(label.toLatin1().constData(), labelValue);
    }
    sample(name, joined, value);
}

} // namespace palaver::server
