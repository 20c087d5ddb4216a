#include "noticefixture.h"

#include "session/clientsession.h"

#include <QSslCertificate>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui::test {

namespace {
// chat.example.com (and www.), issued by "Example Private CA" (Example Co), ten years from
// 2026-12-05. SHA-256 42:B7:86:07:…:AF:EA. A picture needs a certificate, not a trusted one.
const char kCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBwzCCAWqgAwIBAgIUDr1XtQl3qpJcbl0Xn/1IRVGFWTcwCgYIKoZIzj0EAwIw
MjETMBEGA1UECgwKRXhhbXBsZSBDbzEbMBkGA1UEAwwSRXhhbXBsZSBQcml2YXRl
IENBMB4XDTI2MTIwNTA1MzYwNloXDTM2MTIwMjA1MzYwNlowGzEZMBcGA1UEAwwQ
Y2hhdC5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMbHVCbF
3JjHsPnwtB6fDqvNz9Qh7ATEL+oNQfLJU1thA+gZSU2BUnHfKliCPyPd4Nft49rG
lbURbmbM4O1jmuajdTBzMDEGA1UdEQQqMCiCEGNoYXQuZXhhbXBsZS5jb22CFHd3
dy5jaGF0LmV4YW1wbGUuY29tMB0GA1UdDgQWBBRJ7EZf/8+2cwY0dMdDVESbnE3f
bTAfBgNVHSMEGDAWgBTlQGk3y8OOjRj9xZL9kJ5DVQbeaTAKBggqhkjOPQQDAgNH
ADBEAiBCemDMK9Zbe0Ctz7+2PCUJ0EjMLlY5MZ8DeMBB5mpHBAIgRSkQWz9IKSBc
Srw5KXaHIj5Cz2IukFyJ8QUMU7DMgTs=
-----END CERTIFICATE-----
)";

client::ClientSession* sessionOf(QObject* object)
{
    auto* session = qobject_cast<client::ClientSession*>(object);
    Q_ASSERT(session);
    return session;
}
} // namespace

NoticeFixture::NoticeFixture(QObject* parent)
    : QObject(parent)
{ }

void NoticeFixture::announce(QObject* session, const QString& id, const QString& level,
    const QString& text, int expiresInMs) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    protocol::Announcement announcement;
    announcement.announcementId = id;
    announcement.level = level == u"warning"_s ? protocol::AnnouncementLevel::Warning
                                               : protocol::AnnouncementLevel::Info;
    announcement.text = text;
    announcement.createdAt = now;
    if (expiresInMs != 0)
        announcement.expiresAt = now.addMSecs(expiresInMs);
    sessionOf(session)->announcements()->handle(announcement);
}

void NoticeFixture::refuseCertificate(QObject* session) const
{
    const QSslCertificate certificate(QByteArray(kCertificate), QSsl::Pem);
    client::CertificateProblem problem;
    problem.endpoint = u"chat.example.com:8765"_s;
    problem.certificate = certificate;
    problem.errors = { QSslError(QSslError::UnableToGetLocalIssuerCertificate, certificate),
        QSslError(QSslError::UnableToVerifyFirstCertificate, certificate) };
    sessionOf(session)->certificate()->show(problem);
}

} // namespace palaver::ui::test
