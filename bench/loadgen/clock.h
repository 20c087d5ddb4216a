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

} // namespace loadgen
