#pragma once

#include <string>
#include <string_view>

namespace loadgen {

/// The HTTP/1.1 request that upgrades a connection to WebSocket. `subprotocol` may be empty.
std::string upgradeRequest(
    std::string_view host, std::string_view path, std::string_view subprotocol);

/// Reading the server's answer to it.
struct UpgradeResponse
{
    enum class State { Incomplete, Accepted, Refused };
    State state = State::Incomplete;
    std::size_t headerBytes = 0; ///< bytes of the head (frames may follow in the same read)
    std::string statusLine; ///< when refused: what the server said instead of 101
};

/// Parses the head of the answer in `data` (bounded: a head over 16 KiB is refused).
UpgradeResponse parseUpgradeResponse(std::string_view data);

} // namespace loadgen
