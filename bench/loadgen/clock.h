#pragma once

#include <cstdint>
#include <ctime>

namespace loadgen {

/// CLOCK_MONOTONIC in nanoseconds: what payloads carry as their send time (sender and receivers
/// are in this one process, so the clocks agree).
inline std::int64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

constexpr std::int64_t nsPerSecond = 1000000000;

/// CPU time of the calling thread (user + system) in nanoseconds.
inline std::int64_t threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::int64_t(ts.tv_sec) * nsPerSecond + ts.tv_nsec;
}

inline double toMs(std::int64_t ns)
{
    return double(ns) / 1e6;
}

} // namespace loadgen
