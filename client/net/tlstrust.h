#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <optional>

namespace palaver::client {

/// Which servers' certificates the client accepts, beyond the system's CAs: extra CA
/// certificates (a private CA: `--ca-file`, or a test's own) and certificates pinned by their
/// SHA-256 fingerprint for one `host:port` (the user's "Trust this certificate", or
/// `--trust-fingerprint`). Nothing here ignores an error wholesale: a pinned certificate is
/// accepted only on its endpoint and only while its fingerprint matches.
class TlsTrust
{
public:
    /// What every TLS socket starts from: the given base (default: the process's default
    /// configuration, read when asked) plus the extra CAs.
    QSslConfiguration configuration() const;
    /// Replaces the base configuration (tests: a CA list, protocols).
    void setBaseConfiguration(const QSslConfiguration& configuration);
    void addCaCertificates(const QList<QSslCertificate>& certificates);
    /// Reads PEM certificates from `path` and adds them; returns an error text, empty on success.
    QString addCaFile(const QString& path);

    /// Accept the certificate with this SHA-256 `fingerprint` on `endpoint` (`host:port`),
    /// replacing what was pinned there.
    void pin(const QString& endpoint, const QByteArray& fingerprint);
    void unpin(const QString& endpoint);
    QByteArray pinned(const QString& endpoint) const { return m_pins.value(endpoint); }
    /// `certificate` is the one pinned for `endpoint`.
    bool isPinned(const QString& endpoint, const QSslCertificate& certificate) const;

    /// `host:port` of `url` with the scheme's default port filled in: where a pin applies.
    static QString endpointOf(const QUrl& url);
    /// The SHA-256 digest of the certificate's DER encoding.
    static QByteArray fingerprint(const QSslCertificate& certificate);
    /// "AB:CD:…" (64 hex digits in pairs), as browsers and `openssl x509 -fingerprint` show it.
    static QString formatFingerprint(const QByteArray& fingerprint);
    /// Reads a SHA-256 fingerprint written as 64 hex digits, with or without colons or spaces,
    /// optionally after "sha256:" / "SHA256=". Nothing when it is not one.
    static std::optional<QByteArray> parseFingerprint(const QString& text);

private:
    std::optional<QSslConfiguration> m_base;
    QList<QSslCertificate> m_extraCas;
    QHash<QString, QByteArray> m_pins;
};

} // namespace palaver::client
