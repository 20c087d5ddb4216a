#pragma once

// The one JSON codec of protocol v1: encode any message to a text frame, decode and validate a
// frame into a typed message or a typed error the peer can be sent.

#include "protocol/messages.h"

#include <QByteArray>

namespace palaver::protocol {

/// Either a decoded message or the `error` to answer with (its `id` set when the frame had a
/// valid one).
template<typename Message> struct Decoded
{
    std::optional<Message> message;
    Error error;
    bool ok() const { return message.has_value(); }
};

/// Decodes a frame a client sent: malformed JSON, a non-object, a missing or wrong `type`, a bad
/// `id`, missing or mistyped fields give `bad_request`; an unknown type gives `unsupported`; an
/// over-long text gives `too_large`. Frame size and UTF-8 are the transport's job.
Decoded<ClientMessage> decodeClientMessage(const QByteArray& frame, const Limits& limits = {});

/// Decodes a frame a server sent (what clients and tests read).
Decoded<ServerMessage> decodeServerMessage(const QByteArray& frame);

/// The body of `GET /v1/info` (plain HTTP, before signing in): the server's name, version and
/// whether open registration is on.
QByteArray encodeServerInfo(const ServerInfo& info);
/// Parses a `GET /v1/info` body; nothing when it is not one.
std::optional<ServerInfo> decodeServerInfo(const QByteArray& body);

QByteArray encode(const ClientMessage& message);
QByteArray encode(const ServerMessage& message);

} // namespace palaver::protocol
