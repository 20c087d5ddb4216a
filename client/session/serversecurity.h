#pragma once

#include "net/tlstrust.h"
#include "session/addressbook.h"
#include "session/certificatecheck.h"
#include "session/serverurl.h"

#include <QObject>

namespace palaver::client {

/// The session's side of reaching a server safely: which URLs to try for an address (and the
/// scheme that worked last time, never downgrading from TLS), the "not encrypted" warning for the
/// address on the sign-in page, the certificate just refused, and trusting it on request (a pin
/// kept in the settings). The TLS checks themselves are Connection's and ServerInfoProbe's.
class ServerSecurity : public QObject
{
    Q_OBJECT

public:
    /// `settingsFile`: as for SessionStore (empty: the user's settings).
    explicit ServerSecurity(const QString& settingsFile, QObject* parent = nullptr);

    TlsTrust& trust() { return m_trust; }
    const TlsTrust& trust() const { return m_trust; }
    CertificateCheck* certificate() { return &m_certificate; }
    /// Non-empty while the address on the sign-in page (setAddress(), or the connection's URL)
    /// is plain `ws://` to a host that is not loopback.
    QString insecureWarning() const { return m_warning; }

    /// The URLs to try for `address`, in turn.
    QList<QUrl> candidates(const ServerAddress& address) const;
    /// `address` was reached over plain `ws://` before (so its warning has been shown).
    bool knownPlain(const ServerAddress& address) const;
    /// The address the person is about to use (as typed, or the URL signed in with): sets the
    /// warning; a certificate shown for another endpoint is forgotten.
    void setAddress(const QString& text);
    QString address() const { return m_address; }
    /// A sign-in to `address` starts: whether plain `ws://` is what it was known to be.
    void beginAttempt(const ServerAddress& address) { m_plainExpected = knownPlain(address); }
    /// The connection fell back to plain `url` (`fellBack`) where TLS was tried first and the
    /// address was not known to be plain: a password must not go until the person has seen the
    /// warning and asked again.
    bool plainNeedsConsent(const QUrl& url, bool fellBack) const
    {
        return fellBack && isUnencryptedRemote(url) && !m_plainExpected;
    }
    /// A Palaver server answered at `url`: remembers its scheme for the address.
    void noteReached(const QUrl& url);
    void showRefused(const CertificateProblem& problem);
    /// Trusts the certificate shown on its endpoint, now and in later runs. Returns an error text
    /// (nothing shown, or too many pins to keep one more); empty when done.
    QString trustShown();

Q_SIGNALS:
    void insecureWarningChanged();

private:
    void updateWarning();

    AddressBook m_book;
    TlsTrust m_trust;
    CertificateCheck m_certificate;
    QString m_address;
    QString m_warning;
    bool m_plainExpected = false; ///< of the attempt under way (beginAttempt)
};

} // namespace palaver::client
