#pragma once

#include <QHostAddress>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <optional>

/// Log category of TLS handshakes that fail for ordinary reasons ("palaver.tls"; its debug lines
/// are off unless QT_LOGGING_RULES="palaver.tls.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcPalaverTls)

namespace palaver::server {

/// Where the server's certificate and key live ([tls] in the config file, --tls-*): PEM files,
/// the certificate file with its chain (certbot's fullchain.pem), the key not encrypted.
struct TlsFiles
{
    QString certificate;
    QString key;
    bool enabled() const { return !certificate.isEmpty(); }
};

/// What reading the files gave: a server configuration, or the reason there is none.
struct TlsLoad
{
    std::optional<QSslConfiguration> configuration;
    QString error; ///< why it did not load (empty when it did)
    /// The certificate in one line for the log: subject, names, issuer, expiry.
    QString summary;
    /// SHA-256 of the certificate (tests compare it with what a client sees).
    QByteArray digest;
    /// Loaded, but worth a warning line: expired or not yet valid, a key others can read.
    QStringList warnings;
};

/// Reads the certificate chain and the key, checks that they belong together (a loopback
/// handshake with them, TlsPairCheck) and builds the configuration each connection starts its
/// server handshake with. Blocks for the handshake (a few milliseconds).
TlsLoad loadTls(const TlsFiles& files);

/// The start-up warning for a server that listens on `address` without TLS: empty on loopback
/// (a local reverse proxy in front, or a single machine), otherwise it names the address and
/// what to do about it.
QString plainTextWarning(const QHostAddress& address, bool tls);

} // namespace palaver::server
