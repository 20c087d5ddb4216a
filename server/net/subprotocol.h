#pragma once

namespace palaver::server {

/// The WebSocket subprotocol of protocol v1 (docs/protocol.md, "Transport").
inline constexpr char subprotocolName[] = "palaver.v1";

} // namespace palaver::server
