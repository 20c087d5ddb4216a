#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen {

/// What a payload says: which stream (sender) it belongs to, its sequence number in that stream
/// and when it was sent (CLOCK_MONOTONIC ns).
struct PayloadHeader
{
    std::uint64_t stream = 0;
    std::uint64_t seq = 0;
    std::int64_t sentNs = 0;
};

/// A body `STREAM.SEQ.SENTNS.` padded to `size` bytes with letters derived from SEQ, so a
/// receiver can check the whole body, not just its header. Only [0-9a-z.]: never needs escaping
/// in JSON, never holds a space or a newline (the raw dialect's separators).
std::string makePayload(const PayloadHeader& header, std::size_t size);

/// The header of a body made by makePayload(); nothing when it is malformed or its padding is not
/// what its sequence number implies.
std::optional<PayloadHeader> checkPayload(std::string_view body);

} // namespace loadgen
