#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace palaver::client {

/// Turns what a person types as a server address (`host:port`, `http://host:port`,
/// `ws://host:port/v1/ws`) into the WebSocket URL to connect to; nothing when it is not one.
std::optional<QUrl> normaliseServerUrl(const QString& input);

} // namespace palaver::client
