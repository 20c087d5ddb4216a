#pragma once

#include "payload.h"
#include "report.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace loadgen {

/// The room messages of a run's connections, checked as they arrive (intact, of the stream the
/// connection should hear, each the next one due: nothing lost, repeated or reordered), and the
/// verdict at the end. Shared by the scenarios in which rooms fan messages out (fanout, store).
class Deliveries
{
public:
    explicit Deliveries(std::size_t connections)
        : m_nextSeq(connections, 0)
    { }

    /// The payload's header when `body` on connection `who` is intact, of `stream` and the one
    /// due next there; otherwise nothing, and `row` is invalid saying why.
    std::optional<PayloadHeader> accept(
        Row& row, std::size_t who, std::string_view body, std::uint64_t stream);
    std::uint64_t delivered() const { return m_delivered; }

    /// Adds delivered, expected, acks and other_events to the figures; invalidates the row unless
    /// every expected copy arrived and (when `expectedAcks` is given) every ack.
    void verdict(Row& row, std::uint64_t expected, std::uint64_t acks,
        std::optional<std::uint64_t> expectedAcks, std::uint64_t otherEvents) const;

private:
    std::vector<std::uint64_t> m_nextSeq; ///< per connection: the seq due next
    std::uint64_t m_delivered = 0;
};

} // namespace loadgen
