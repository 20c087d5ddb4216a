#pragma once

#include "net/tlsconfig.h"

#include <QMutex>
#include <QSslConfiguration>

namespace palaver::server {

/// The certificate and key the server currently hands to new TLS connections, shared by the
/// workers (thread-safe). A reload re-reads the files and swaps them in for new connections only
/// when they load; connections already encrypted keep the session they have.
class TlsCredentials
{
public:
    TlsCredentials(TlsFiles files, const TlsLoad& loaded);

    /// What a new connection starts its server handshake with.
    QSslConfiguration configuration() const;
    /// SHA-256 of the certificate in use.
    QByteArray digest() const;
    const TlsFiles& files() const { return m_files; }
    /// Re-reads the files. On success they serve every new connection from now on; on failure
    /// the ones in use stay, and the result's error says why.
    TlsLoad reload();

private:
    const TlsFiles m_files;
    mutable QMutex m_mutex;
    QSslConfiguration m_configuration;
    QByteArray m_digest;
};

} // namespace palaver::server
