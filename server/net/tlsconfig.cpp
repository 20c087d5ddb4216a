#include "net/tlsconfig.h"

#include "net/tlspaircheck.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcPalaverTls, "palaver.tls", QtInfoMsg)

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

/// A certificate chain or a key is a few kilobytes; anything this large is not one.
constexpr qint64 maxPemBytes = 1024 * 1024;

std::optional<QByteArray> readPem(const QString& path, const QString& what, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Cannot read the TLS %1 %2: %3"_s.arg(what, path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(maxPemBytes + 1);
    if (bytes.size() > maxPemBytes) {
        *error = u"The TLS %1 %2 is larger than %3 bytes: not a PEM file"_s.arg(what, path)
                     .arg(maxPemBytes);
        return std::nullopt;
    }
    return bytes;
}

/// The private key in `pem`, whatever its algorithm (certbot makes ECDSA keys, older setups RSA).
QSslKey privateKeyFrom(const QByteArray& pem)
{
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Ec, QSsl::Rsa, QSsl::Dsa }) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return QSslKey();
}

QString describe(const QSslCertificate& leaf, qsizetype chainLength)
{
    QStringList names;
    const auto alternatives = leaf.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names.append(it.value());
    const QString subject = leaf.subjectInfo(QSslCertificate::CommonName).join(u", "_s);
    QString issuer = leaf.issuerInfo(QSslCertificate::CommonName).join(u", "_s);
    if (issuer.isEmpty())
        issuer = leaf.issuerInfo(QSslCertificate::Organization).join(u", "_s);
    return u"certificate %1 (%2), issued by %3, valid until %4, %5 in the chain"_s.arg(
        subject.isEmpty() ? u"(no common name)"_s : subject,
        names.isEmpty() ? u"no alternative names"_s : names.join(u", "_s), issuer,
        leaf.expiryDate().toUTC().toString(Qt::ISODate), QString::number(chainLength - 1));
}

} // namespace

TlsLoad loadTls(const TlsFiles& files)
{
    TlsLoad result;
    if (!QSslSocket::supportsSsl()) {
        result.error = u"TLS is configured but this Qt has no TLS backend (on Debian the OpenSSL "
                       "plugin comes with libqt6network6 and needs libssl3)"_s;
        return result;
    }
    if (files.certificate.isEmpty() || files.key.isEmpty()) {
        result.error = u"TLS needs both a certificate and a key"_s;
        return result;
    }
    const auto certificatePem = readPem(files.certificate, u"certificate"_s, &result.error);
    if (!certificatePem)
        return result;
    const auto keyPem = readPem(files.key, u"key"_s, &result.error);
    if (!keyPem)
        return result;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        result.error = u"No PEM certificate in %1"_s.arg(files.certificate);
        return result;
    }
    const QSslKey key = privateKeyFrom(*keyPem);
    if (key.isNull()) {
        result.error = u"No usable private key in %1 (PEM, EC or RSA, not protected by a "
                       "passphrase)"_s.arg(files.key);
        return result;
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients sign in with passwords
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 });

    // A key from one renewal and a certificate from another (a reload halfway through a
    // renewal) would fail every handshake: find that out now, while the old pair still serves.
    QString pairError = tlspaircheck::run(configuration);
    if (!pairError.isEmpty()) {
        while (pairError.endsWith(u' ') || pairError.endsWith(u':'))
            pairError.chop(1); // OpenSSL's detail is often empty here
        result.error = u"The TLS certificate %1 and key %2 do not work together (is the key "
                       "the certificate's? a renewal caught halfway?): %3"_s.arg(
                           files.certificate, files.key, pairError);
        return result;
    }
    const QSslCertificate& leaf = chain.first();
    result.summary = describe(leaf, chain.size());
    result.digest = leaf.digest(QCryptographicHash::Sha256);
    result.configuration = configuration;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate() < now)
        result.warnings.append(
            u"the TLS certificate %1 expired on %2: clients will refuse it"_s.arg(
                files.certificate, leaf.expiryDate().toUTC().toString(Qt::ISODate)));
    if (leaf.effectiveDate() > now)
        result.warnings.append(u"the TLS certificate %1 is not valid before %2"_s.arg(
            files.certificate, leaf.effectiveDate().toUTC().toString(Qt::ISODate)));
    if (QFile::permissions(files.key) & QFileDevice::ReadOther)
        result.warnings.append(
            u"the TLS key %1 is readable by every user of this machine (chmod o-r)"_s.arg(
                files.key));
    return result;
}

QString plainTextWarning(const QHostAddress& address, bool tls)
{
    if (tls || address.isLoopback())
        return QString();
    return u"listening on %1 without TLS: passwords and chats cross the network unencrypted. "
           "Set [tls] certificate and key (or --tls-certificate and --tls-key), or listen on "
           "127.0.0.1 behind a TLS reverse proxy (docs/operations.md, TLS)"_s.arg(
               address.toString());
}

} // namespace palaver::server
