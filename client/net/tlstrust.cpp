#include "net/tlstrust.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
// A CA file is a few certificates; anything bigger is not one.
constexpr qint64 kMaxCaFileBytes = 4 * 1024 * 1024;
} // namespace

QSslConfiguration TlsTrust::configuration() const
{
    QSslConfiguration configuration = m_base.value_or(QSslConfiguration::defaultConfiguration());
    if (!m_extraCas.isEmpty())
        configuration.addCaCertificates(m_extraCas);
    return configuration;
}

void TlsTrust::setBaseConfiguration(const QSslConfiguration& configuration)
{
    m_base = configuration;
}

void TlsTrust::addCaCertificates(const QList<QSslCertificate>& certificates)
{
    m_extraCas.append(certificates);
}

QString TlsTrust::addCaFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"cannot read the CA file %1: %2"_s.arg(path, file.errorString());
    if (file.size() > kMaxCaFileBytes)
        return u"%1 is too large to be a CA file"_s.arg(path);
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return u"%1 holds no PEM certificate"_s.arg(path);
    addCaCertificates(certificates);
    return {};
}

void TlsTrust::pin(const QString& endpoint, const QByteArray& fingerprint)
{
    m_pins.insert(endpoint, fingerprint);
}

void TlsTrust::unpin(const QString& endpoint)
{
    m_pins.remove(endpoint);
}

bool TlsTrust::isPinned(const QString& endpoint, const QSslCertificate& certificate) const
{
    const QByteArray expected = m_pins.value(endpoint);
    return !expected.isEmpty() && !certificate.isNull() && fingerprint(certificate) == expected;
}

QString TlsTrust::endpointOf(const QUrl& url)
{
    const bool tls = url.scheme() == u"wss"_s || url.scheme() == u"https"_s;
    return url.host().toLower() + u':' + QString::number(url.port(tls ? 443 : 80));
}

QByteArray TlsTrust::fingerprint(const QSslCertificate& certificate)
{
    return certificate.digest(QCryptographicHash::Sha256);
}

QString TlsTrust::formatFingerprint(const QByteArray& fingerprint)
{
    return QString::fromLatin1(fingerprint.toHex(':').toUpper());
}

std::optional<QByteArray> TlsTrust::parseFingerprint(const QString& text)
{
    QString hex = text.trimmed();
    static const QRegularExpression prefix(
        u"^sha-?256\\s*[:=]\\s*"_s, QRegularExpression::CaseInsensitiveOption);
    hex.remove(prefix);
    hex.remove(u':').remove(u' ');
    static const QRegularExpression digits(u"^[0-9a-fA-F]{64}$"_s);
    if (!digits.match(hex).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(hex.toLatin1());
}

} // namespace palaver::client
