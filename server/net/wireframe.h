#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace palaver::server {

/// A server's WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked), payload included,
/// ready for the socket. Built once per outgoing message and shared by every recipient, so a
/// fan-out neither converts the text per connection nor lets QWebSocket frame it again.
QByteArray textFrame(const QByteArray& utf8Payload);

/// Writes as much of `bytes` as the kernel takes now on a non-blocking socket, without waiting:
/// the count written, 0 when it takes nothing (a full buffer or an error, which the socket's own
/// write path then finds).
qint64 sendNow(qintptr descriptor, const QByteArray& bytes);

} // namespace palaver::server
