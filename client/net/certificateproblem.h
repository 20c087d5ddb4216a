#pragma once

#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>

namespace palaver::client {

/// A server certificate the client refused: where it was offered, the certificate and why it
/// is not trusted. Everything a person needs to decide whether to trust it, as text.
struct CertificateProblem
{
    /// `host:port` the certificate was offered on (where a pin would apply).
    QString endpoint;
    QSslCertificate certificate;
    QList<QSslError> errors;

    bool isNull() const { return certificate.isNull() && errors.isEmpty(); }

    /// The subject's common name (the organisation when there is none).
    QString subject() const;
    /// The DNS names and IP addresses the certificate is valid for.
    QStringList alternativeNames() const;
    /// The issuer's common name (and organisation when there is one).
    QString issuer() const;
    QDateTime validFrom() const { return certificate.effectiveDate(); }
    QDateTime validUntil() const { return certificate.expiryDate(); }
    /// "2026-01-01 00:00 UTC to 2027-01-01 00:00 UTC".
    QString validity() const;
    /// SHA-256, "AB:CD:…".
    QString fingerprint() const;
    /// Each error in words, for example "The certificate was issued for another host name
    /// (example.org)". Repeated errors are said once.
    QStringList errorTexts() const;
    /// Several lines: the endpoint, the errors and the certificate's details (palaver-cli).
    QString describe() const;
};

} // namespace palaver::client
