#include "prometheuscheck.h"

#include <QRegularExpression>
#include <QSet>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

namespace {

const QRegularExpression kName(u"^[a-zA-Z_:][a-zA-Z0-9_:]*$"_s);
const QRegularExpression kLabelName(u"^[a-zA-Z_][a-zA-Z0-9_]*$"_s);

/// Parses `{a="x",b="y"}` from `text` at `pos` (just after the '{'); the labels as written.
std::optional<QList<QPair<QString, QString>>> parseLabels(const QString& text, qsizetype* pos)
{
    QList<QPair<QString, QString>> labels;
    qsizetype i = *pos;
    while (i < text.size() && text[i] != u'}') {
        const qsizetype eq = text.indexOf(u'=', i);
        if (eq < 0)
            return std::nullopt;
        const QString name = text.mid(i, eq - i);
        if (!kLabelName.match(name).hasMatch() || eq + 1 >= text.size() || text[eq + 1] != u'"')
            return std::nullopt;
        QString value;
        qsizetype j = eq + 2;
        for (; j < text.size() && text[j] != u'"'; ++j) {
            if (text[j] == u'\\') {
                if (++j >= text.size())
                    return std::nullopt;
                const QChar escaped = text[j];
                if (escaped == u'n')
                    value += u'\n';
                else if (escaped == u'\\' || escaped == u'"')
                    value += escaped;
                else
                    return std::nullopt;
            } else {
                value += text[j];
            }
        }
        if (j >= text.size())
            return std::nullopt;
        labels.append({ name, value });
        i = j + 1;
        if (i < text.size() && text[i] == u',')
            ++i;
    }
    if (i >= text.size())
        return std::nullopt;
    *pos = i + 1;
    return labels;
}

std::optional<double> parseValue(const QString& text)
{
    if (text == u"+Inf"_s)
        return qInf();
    if (text == u"-Inf"_s)
        return -qInf();
    if (text == u"NaN"_s)
        return qQNaN();
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

} // namespace

QStringList PrometheusCheck::check(const QByteArray& bytes)
{
    QStringList problems;
    m_samples.clear();
    m_keysByName.clear();
    QHash<QString, QString> types;
    QSet<QString> helped;
    // Per histogram and label set (without le): the bucket counts in order, and the count.
    QHash<QString, QList<QPair<double, double>>> buckets;
    const QString text = QString::fromUtf8(bytes);
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        problems << u"the text does not end with a line break"_s;
    const QStringList lines = text.split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString& line = lines[n];
        const QString where = u"line %1: "_s.arg(n + 1);
        if (line.isEmpty())
            continue;
        if (line.startsWith(u'#')) {
            const QStringList parts = line.split(u' ');
            if (parts.size() >= 3 && parts[1] == u"TYPE"_s) {
                static const QSet<QString> kinds { u"counter"_s, u"gauge"_s, u"histogram"_s,
                    u"summary"_s, u"untyped"_s };
                if (parts.size() != 4 || !kinds.contains(parts[3]))
                    problems << where + u"bad TYPE line"_s;
                if (!kName.match(parts[2]).hasMatch())
                    problems << where + u"bad metric name"_s;
                if (types.contains(parts[2]))
                    problems << where + u"a second TYPE for "_s + parts[2];
                if (m_keysByName.contains(parts[2]))
                    problems << where + u"TYPE after samples of "_s + parts[2];
                types.insert(parts[2], parts.value(3));
            } else if (parts.size() >= 3 && parts[1] == u"HELP"_s) {
                if (helped.contains(parts[2]))
                    problems << where + u"a second HELP for "_s + parts[2];
                helped.insert(parts[2]);
            }
            continue;
        }
        qsizetype pos = 0;
        while (pos < line.size() && line[pos] != u'{' && line[pos] != u' ')
            ++pos;
        const QString name = line.left(pos);
        if (!kName.match(name).hasMatch()) {
            problems << where + u"bad sample name '%1'"_s.arg(name);
            continue;
        }
        QList<QPair<QString, QString>> labels;
        if (pos < line.size() && line[pos] == u'{') {
            ++pos;
            const auto parsed = parseLabels(line, &pos);
            if (!parsed) {
                problems << where + u"bad labels"_s;
                continue;
            }
            labels = *parsed;
        }
        if (pos >= line.size() || line[pos] != u' ') {
            problems << where + u"no value"_s;
            continue;
        }
        const QStringList rest = line.mid(pos + 1).split(u' ');
        const auto value = parseValue(rest.value(0));
        if (!value || rest.size() > 2) {
            problems << where + u"bad value"_s;
            continue;
        }
        // The family a sample belongs to: histograms add _bucket, _sum and _count.
        QString family = name;
        for (const QString& suffix : { u"_bucket"_s, u"_sum"_s, u"_count"_s }) {
            if (name.endsWith(suffix) && types.value(name.chopped(suffix.size())) == u"histogram")
                family = name.chopped(suffix.size());
        }
        if (!types.contains(family))
            problems << where + u"a sample of %1 without TYPE"_s.arg(family);
        QString key = name;
        QString keyWithoutLe = name.chopped(name.endsWith(u"_bucket"_s) ? 7 : 0);
        double le = 0;
        bool hasLe = false;
        if (!labels.isEmpty()) {
            QStringList pairs;
            QStringList pairsWithoutLe;
            for (const auto& [label, labelValue] : labels) {
                pairs << u"%1=\"%2\""_s.arg(label, labelValue);
                if (label == u"le"_s) {
                    hasLe = true;
                    le = parseValue(labelValue).value_or(qQNaN());
                } else {
                    pairsWithoutLe << u"%1=\"%2\""_s.arg(label, labelValue);
                }
            }
            key += u'{' + pairs.join(u',') + u'}';
            if (!pairsWithoutLe.isEmpty())
                keyWithoutLe += u'{' + pairsWithoutLe.join(u',') + u'}';
        }
        if (m_samples.contains(key))
            problems << where + u"a second sample "_s + key;
        m_samples.insert(key, *value);
        m_keysByName[name].append(key);
        if (name.endsWith(u"_bucket"_s) && family != name) {
            if (!hasLe)
                problems << where + u"a bucket without le"_s;
            buckets[keyWithoutLe].append({ le, *value });
        }
    }
    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
        const auto& list = it.value();
        for (qsizetype i = 1; i < list.size(); ++i) {
            if (!(list[i].first > list[i - 1].first) || list[i].second < list[i - 1].second)
                problems << it.key() + u": buckets not ascending and cumulative"_s;
        }
        if (list.isEmpty() || !qIsInf(list.last().first))
            problems << it.key() + u": no +Inf bucket"_s;
        QString countKey = it.key();
        const qsizetype brace = countKey.indexOf(u'{');
        countKey.insert(brace < 0 ? countKey.size() : brace, u"_count"_s);
        if (!list.isEmpty() && m_samples.value(countKey, -1) != list.last().second)
            problems << it.key() + u": +Inf bucket is not _count"_s;
    }
    return problems;
}

std::optional<double> PrometheusCheck::value(const QString& sampleKey) const
{
    const auto it = m_samples.constFind(sampleKey);
    return it == m_samples.cend() ? std::nullopt : std::optional<double>(*it);
}

double PrometheusCheck::sum(const QString& name) const
{
    double total = 0;
    for (const QString& key : m_keysByName.value(name))
        total += m_samples.value(key);
    return total;
}

} // namespace palaver::testing
