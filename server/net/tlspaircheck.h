#pragma once

#include <QSslConfiguration>
#include <QString>

namespace palaver::server::tlspaircheck {

/// Runs one TLS handshake with `server` over a loopback connection, in a thread of its own (the
/// caller's event loop does not run meanwhile): empty when a client completed it and was shown
/// the configured certificate, otherwise what went wrong (a key that does not belong to the
/// certificate, a key type the backend cannot use). Certificate trust is not checked here.
QString run(const QSslConfiguration& server, int timeoutMs = 5000);

} // namespace palaver::server::tlspaircheck
