#include "session/serversecurity.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

ServerSecurity::ServerSecurity(const QString& settingsFile, QObject* parent)
    : QObject(parent)
    , m_book(settingsFile)
{
    const auto pins = m_book.pins();
    for (auto it = pins.cbegin(); it != pins.cend(); ++it)
        m_trust.pin(it.key(), it.value());
}

QList<QUrl> ServerSecurity::candidates(const ServerAddress& address) const
{
    return connectCandidates(address, m_book.scheme(addressKey(address.url)));
}

bool ServerSecurity::knownPlain(const ServerAddress& address) const
{
    return m_book.scheme(addressKey(address.url)) == u"ws"_s;
}

void ServerSecurity::setAddress(const QString& text)
{
    m_address = text;
    const auto address = parseServerAddress(text);
    if (m_certificate.present()
        && (!address || TlsTrust::endpointOf(address->url) != m_certificate.endpoint()))
        m_certificate.clear();
    updateWarning();
}

void ServerSecurity::noteReached(const QUrl& url)
{
    m_book.rememberScheme(addressKey(url), url.scheme());
    updateWarning();
}

void ServerSecurity::showRefused(const CertificateProblem& problem)
{
    m_certificate.show(problem);
}

QString ServerSecurity::trustShown()
{
    if (!m_certificate.present())
        return tr("There is no certificate to trust.");
    const CertificateProblem problem = m_certificate.problem();
    const QByteArray fingerprint = TlsTrust::fingerprint(problem.certificate);
    m_trust.pin(problem.endpoint, fingerprint);
    m_certificate.clear();
    if (!m_book.pin(problem.endpoint, fingerprint))
        return tr("The certificate of %1 is trusted until Palaver quits: too many certificates "
                  "are remembered already.")
            .arg(problem.endpoint);
    return {};
}

void ServerSecurity::updateWarning()
{
    QString warning;
    if (const auto address = parseServerAddress(m_address)) {
        QUrl url = address->url;
        if (!address->schemeGiven && knownPlain(*address))
            url.setScheme(u"ws"_s);
        warning = unencryptedWarning(url);
    }
    if (warning == m_warning)
        return;
    m_warning = warning;
    Q_EMIT insecureWarningChanged();
}

} // namespace palaver::client
