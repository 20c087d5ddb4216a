#pragma once

#include <cstdint>
#include <ctime>

namespace clientbench {

/// CPU time of the calling thread (user + system) in nanoseconds.
inline std::int64_t threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline double toMs(std::int64_t ns)
{
    return double(ns) / 1e6;
}

} // namespace clientbench
