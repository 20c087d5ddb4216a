#include "deliveries.h"

#include <string>

namespace loadgen {

std::optional<PayloadHeader> Deliveries::accept(
    Row& row, std::size_t who, std::string_view body, std::uint64_t stream)
{
    const auto header = checkPayload(body);
    if (!header || header->stream != stream) {
        row.invalidate("connection " + std::to_string(who) + " got a corrupt payload"
            + (header ? " (stream " + std::to_string(header->stream) + ", not "
                        + std::to_string(stream) + ")"
                      : std::string())
            + ": " + std::string(body.substr(0, 80)));
        return std::nullopt;
    }
    if (header->seq != m_nextSeq[who]) {
        row.invalidate("connection " + std::to_string(who) + " got send "
            + std::to_string(header->seq) + " when " + std::to_string(m_nextSeq[who])
            + " was due (order or loss)");
        return std::nullopt;
    }
    ++m_nextSeq[who];
    ++m_delivered;
    return header;
}

void Deliveries::verdict(Row& row, std::uint64_t expected, std::uint64_t acks,
    std::optional<std::uint64_t> expectedAcks, std::uint64_t otherEvents) const
{
    row.figures.add("delivered", m_delivered)
        .add("expected", expected)
        .add("acks", acks)
        .add("other_events", otherEvents);
    if (m_delivered != expected)
        row.invalidate(
            "delivered " + std::to_string(m_delivered) + " of " + std::to_string(expected));
    else if (expectedAcks && acks != *expectedAcks)
        row.invalidate("acks " + std::to_string(acks) + " of " + std::to_string(*expectedAcks));
}

} // namespace loadgen
