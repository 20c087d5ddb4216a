#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace palaver::testing {

/// Reads Prometheus' text exposition format (0.0.4) strictly enough to catch what a scraper
/// would refuse: every line a comment (HELP/TYPE), empty, or `name{labels} value`, names and
/// label names well-formed, label values properly escaped, values numbers, a TYPE before a
/// metric's samples and at most once, histogram buckets cumulative and ending in +Inf = _count.
class PrometheusCheck
{
public:
    /// Parses `text`; the problems found (empty when it is well-formed).
    QStringList check(const QByteArray& text);

    /// A sample's value after check(): `name{a="x",b="y"}` with labels in the order written,
    /// or `name` without; nothing when there is no such sample.
    std::optional<double> value(const QString& sampleKey) const;
    /// The sum of every sample of `name` (all label sets); 0 when there is none.
    double sum(const QString& name) const;

private:
    QHash<QString, double> m_samples;
    QHash<QString, QStringList> m_keysByName;
};

} // namespace palaver::testing
