#include "limits/offenderlog.h"

#include "limits/monotonicclock.h"

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
    if (heldBack > 0) {
        qWarning("palaver-server: limit %s: %s: %s (and %llu more in the last minute)",
            qPrintable(limit), qPrintable(offender), qPrintable(detail), heldBack);
    } else {
        qWarning("palaver-server: limit %s: %s: %s", qPrintable(limit), qPrintable(offender),
            qPrintable(detail));
    }
}

quint64 OffenderLog::hits(const QString& limit) const
{
    QMutexLocker lock(&m_mutex);
    return m_hits.value(limit);
}

} // namespace palaver::server
