#pragma once

#include "protocol/messages.h"

#include <QByteArray>
#include <optional>

namespace palaver::server {

/// Stored events are kept as the protocol codec encodes them, so `history` replays exactly what
/// went out live and no field name is spelled outside the protocol module.
QByteArray encodeEvent(const protocol::Event& event);
std::optional<protocol::Event> decodeEvent(const QByteArray& payload);

} // namespace palaver::server
