#pragma once

#include <QAbstractSocket>

namespace palaver::client {

/// A `wss://` attempt failed in a way that says the server speaks plain HTTP, so the same
/// address is worth trying as `ws://`: the TLS hello was answered with something that is not
/// TLS (a plain server's "400 Bad Request" reads as a failed handshake), or the server closed
/// the connection during the hello. Never after a certificate was offered and refused (that is
/// a TLS server whose certificate is not trusted: falling back would hand the password to
/// whoever answers plain), nor once TLS was established, nor when nothing listens.
inline bool isPlainServerFailure(
    QAbstractSocket::SocketError error, bool certificateRefused, bool tlsEstablished)
{
    if (certificateRefused || tlsEstablished)
        return false;
    return error == QAbstractSocket::SslHandshakeFailedError
        || error == QAbstractSocket::RemoteHostClosedError;
}

} // namespace palaver::client
