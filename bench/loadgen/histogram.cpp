#include "histogram.h"

namespace loadgen {

int Histogram::indexOf(std::uint64_t value)
{
    constexpr std::uint64_t linear = 1u << subBits;
    if (value < linear)
        return int(value);
    const int exponent = 63 - __builtin_clzll(value); // >= subBits
    const int sub = int((value >> (exponent - subBits)) & (linear - 1));
    return ((exponent - subBits + 1) << subBits) + sub;
}

std::uint64_t Histogram::lowestOf(int index)
{
    constexpr int linear = 1 << subBits;
    if (index < linear)
        return std::uint64_t(index);
    const int exponent = (index >> subBits) + subBits - 1;
    const std::uint64_t sub = std::uint64_t(index & (linear - 1));
    return (std::uint64_t(1) << exponent) | (sub << (exponent - subBits));
}

void Histogram::record(std::int64_t ns)
{
    const std::uint64_t value = ns < 0 ? 0 : std::uint64_t(ns);
    ++m_counts[std::size_t(indexOf(value))];
    ++m_count;
    m_sum += value;
    if (std::int64_t(value) > m_max)
        m_max = std::int64_t(value);
}

std::int64_t Histogram::percentile(double fraction) const
{
    if (m_count == 0)
        return 0;
    std::uint64_t rank = std::uint64_t(fraction * double(m_count) + 0.5);
    if (rank < 1)
        rank = 1;
    std::uint64_t seen = 0;
    for (int i = 0; i < buckets; ++i) {
        seen += m_counts[std::size_t(i)];
        if (seen >= rank) {
            const std::uint64_t low = lowestOf(i);
            const std::uint64_t high = i + 1 < buckets ? lowestOf(i + 1) : low;
            const std::int64_t mid = std::int64_t(low + (high - low) / 2);
            return mid > m_max ? m_max : mid;
        }
    }
    return m_max;
}

void Histogram::merge(const Histogram& other)
{
    for (std::size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_count += other.m_count;
    m_sum += other.m_sum;
    if (other.m_max > m_max)
        m_max = other.m_max;
}

} // namespace loadgen
