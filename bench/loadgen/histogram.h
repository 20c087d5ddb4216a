#pragma once

#include <array>
#include <cstdint>

namespace loadgen {

/// Latencies in log-linear buckets (HDR-like): 32 buckets per power of two, so a percentile is
/// off by at most about 3 %, in a fixed 16 KiB whatever the number of samples. The maximum is
/// kept exactly.
class Histogram
{
public:
    void record(std::int64_t ns);
    std::uint64_t count() const { return m_count; }
    std::int64_t max() const { return m_max; }
    double mean() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    /// The value at or below which `fraction` (0..1) of the samples lie (a bucket's midpoint).
    std::int64_t percentile(double fraction) const;
    void merge(const Histogram& other);

private:
    static constexpr int subBits = 5;
    static constexpr int buckets = (64 - subBits + 1) << subBits;
    static int indexOf(std::uint64_t value);
    static std::uint64_t lowestOf(int index);

    std::array<std::uint64_t, buckets> m_counts {};
    std::uint64_t m_count = 0;
    std::int64_t m_max = 0;
    long double m_sum = 0;
};

} // namespace loadgen
