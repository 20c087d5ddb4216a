#include "metrics/processstats.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace palaver::server {

namespace {
// The first call is made at start-up (Server::start), so this is close to the process's start.
const qint64 kStartMs = QDateTime::currentMSecsSinceEpoch();
} // namespace

ProcessStats ProcessStats::current()
{
    ProcessStats stats;
    stats.startTimeSeconds = double(kStartMs) / 1000.0;
#ifdef Q_OS_UNIX
    rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        stats.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }
    // Resident now (getrusage only knows the peak): the second field of statm, in pages.
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = statm.readAll().split(' ');
        bool ok = false;
        const qint64 pages = fields.value(1).toLongLong(&ok);
        if (ok)
            stats.residentBytes = pages * qint64(sysconf(_SC_PAGESIZE));
    }
#endif
    return stats;
}

} // namespace palaver::server
