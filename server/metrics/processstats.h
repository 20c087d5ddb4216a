#pragma once

#include <QtGlobal>

namespace palaver::server {

/// This process's resources, as the operating system reports them.
struct ProcessStats
{
    qint64 residentBytes = -1; ///< -1 where unknown
    double cpuSeconds = -1; ///< user + system; -1 where unknown
    double startTimeSeconds = -1; ///< since the Unix epoch

    static ProcessStats current();
};

} // namespace palaver::server
