#include "net/certificateproblem.h"

#include "net/tlstrust.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

QString firstOf(
    const QSslCertificate& certificate, QSslCertificate::SubjectInfo info, bool issuer = false)
{
    const QStringList values
        = issuer ? certificate.issuerInfo(info) : certificate.subjectInfo(info);
    return values.isEmpty() ? QString() : values.constFirst();
}

QString utc(const QDateTime& at)
{
    return at.isValid() ? at.toUTC().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s) : u"unknown"_s;
}

/// Qt's own texts are written for developers ("The host name did not match any of the valid
/// hosts for this certificate"); the common ones are said for a person, the rest left as Qt says.
QString inWords(const QSslError& error, const QString& endpoint)
{
    switch (error.error()) {
    case QSslError::HostNameMismatch:
        return u"The certificate is for another server, not %1."_s.arg(
            endpoint.section(u':', 0, -2));
    case QSslError::SelfSignedCertificate:
        return u"The certificate is self-signed: nobody this computer trusts vouches for it."_s;
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return u"The certificate is signed by an authority this computer does not trust."_s;
    case QSslError::CertificateExpired:
        return u"The certificate has expired."_s;
    case QSslError::CertificateNotYetValid:
        return u"The certificate is not valid yet (check this computer's clock)."_s;
    case QSslError::CertificateRevoked:
        return u"The certificate has been revoked."_s;
    default:
        return error.errorString() + u'.';
    }
}

} // namespace

QString CertificateProblem::subject() const
{
    const QString name = firstOf(certificate, QSslCertificate::CommonName);
    return name.isEmpty() ? firstOf(certificate, QSslCertificate::Organization) : name;
}

QStringList CertificateProblem::alternativeNames() const
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (const QSsl::AlternativeNameEntryType type : { QSsl::DnsEntry, QSsl::IpAddressEntry }) {
        // QMultiMap puts a later value for a key before the earlier ones: read back to front to
        // list them in the certificate's order.
        const QStringList values = alternatives.values(type);
        for (auto it = values.crbegin(); it != values.crend(); ++it)
            names.append(*it);
    }
    return names;
}

QString CertificateProblem::issuer() const
{
    const QString name = firstOf(certificate, QSslCertificate::CommonName, true);
    const QString organisation = firstOf(certificate, QSslCertificate::Organization, true);
    if (name.isEmpty())
        return organisation;
    return organisation.isEmpty() || organisation == name ? name
                                                          : u"%1 (%2)"_s.arg(name, organisation);
}

QString CertificateProblem::validity() const
{
    return u"%1 to %2"_s.arg(utc(validFrom()), utc(validUntil()));
}

QString CertificateProblem::fingerprint() const
{
    return certificate.isNull() ? QString()
                                : TlsTrust::formatFingerprint(TlsTrust::fingerprint(certificate));
}

QStringList CertificateProblem::errorTexts() const
{
    QStringList texts;
    for (const QSslError& error : errors) {
        const QString text = inWords(error, endpoint);
        if (!texts.contains(text))
            texts.append(text);
    }
    return texts;
}

QString CertificateProblem::describe() const
{
    QStringList lines { u"The certificate of %1 is not trusted:"_s.arg(endpoint) };
    for (const QString& text : errorTexts())
        lines.append(u"  - "_s + text);
    lines.append(u"  subject:     %1"_s.arg(subject()));
    lines.append(u"  names:       %1"_s.arg(alternativeNames().join(u", "_s)));
    lines.append(u"  issuer:      %1"_s.arg(issuer()));
    lines.append(u"  valid:       %1"_s.arg(validity()));
    lines.append(u"  SHA-256:     %1"_s.arg(fingerprint()));
    return lines.join(u'\n');
}

} // namespace palaver::client
