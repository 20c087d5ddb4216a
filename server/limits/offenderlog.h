#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace palaver::server {

/// Where a limit was hit: logs one line per limit and offender per interval (not one per
/// frame, so a flood cannot flood the log too) and counts every hit per limit. Thread-safe.
class OffenderLog
{
public:
    static constexpr qint64 intervalMs = 60000;

    /// Records that `offender` (an address, a user name) hit `limit`; logs `detail` as a warning
    /// unless the same pair was logged within the interval (then says how many it held back).
    void hit(const QString& limit, const QString& offender, const QString& detail);
    /// Hits of `limit` since start (for metrics and tests).
    quint64 hits(const QString& limit) const;
    /// Hits per limit since start, for every limit hit at least once.
    QHash<QString, quint64> allHits() const;

private:
    struct Entry
    {
        qint64 loggedAtMs = 0;
        quint64 heldBack = 0;
    };
    mutable QMutex m_mutex;
    QHash<QString, quint64> m_hits;
    QHash<QString, Entry> m_recent; ///< by limit + offender
    qint64 m_lastSweepMs = 0;
};

} // namespace palaver::server
