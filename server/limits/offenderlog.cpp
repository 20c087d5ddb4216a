#include "limits/offenderlog.h"

#include "limits/monotonicclock.h"
#include "log/categories.h"
#include "log/logevent.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

void OffenderLog::hit(const QString& limit, const QString& offender, const QString& detail)
{
    const qint64 now = monotonicMs();
    quint64 heldBack = 0;
    {
        QMutexLocker lock(&m_mutex);
        ++m_hits[limit];
        if (now - m_lastSweepMs > intervalMs) {
            m_lastSweepMs = now;
            m_recent.removeIf(
                [now](const auto& it) { return now - it.value().loggedAtMs > intervalMs; });
        }
        Entry& entry = m_recent[limit + u'\x1f' + offender];
        if (entry.loggedAtMs != 0 && now - entry.loggedAtMs < intervalMs) {
            ++entry.heldBack;
            return;
        }
        heldBack = std::exchange(entry.heldBack, 0);
        entry.loggedAtMs = now;
    }
    const QString more
        = heldBack > 0 ? u" (and %1 more in the last minute)"_s.arg(heldBack) : QString();
    LogEvent(lcLimits(), QtWarningMsg, u"limit %1: %2: %3%4"_s.arg(limit, offender, detail, more))
        .field("limit", limit)
        .field("offender", offender)
        .field("heldBack", qint64(heldBack));
}

quint64 OffenderLog::hits(const QString& limit) const
{
    QMutexLocker lock(&m_mutex);
    return m_hits.value(limit);
}

QHash<QString, quint64> OffenderLog::allHits() const
{
    QMutexLocker lock(&m_mutex);
    return m_hits;
}

} // namespace palaver::server
