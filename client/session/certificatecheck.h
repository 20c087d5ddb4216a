#pragma once

#include "net/certificateproblem.h"

#include <QObject>
#include <QStringList>

namespace palaver::client {

/// The server certificate the client just refused, for the sign-in page to show before the
/// user decides (`session.certificate`). Empty (`present` false) when nothing was refused.
class CertificateCheck : public QObject
{
    Q_OBJECT
    /// A certificate was refused: show the details and offer "Trust this certificate".
    Q_PROPERTY(bool present READ present NOTIFY changed)
    /// `host:port` it was offered on.
    Q_PROPERTY(QString endpoint READ endpoint NOTIFY changed)
    /// Who it was issued to (the subject's common name).
    Q_PROPERTY(QString subject READ subject NOTIFY changed)
    /// The names it is valid for, comma-separated ("localhost, 127.0.0.1").
    Q_PROPERTY(QString alternativeNames READ alternativeNames NOTIFY changed)
    Q_PROPERTY(QString issuer READ issuer NOTIFY changed)
    /// "2026-01-01 00:00 UTC to 2027-01-01 00:00 UTC".
    Q_PROPERTY(QString validity READ validity NOTIFY changed)
    /// SHA-256 of the certificate, "AB:CD:…": what an administrator can confirm.
    Q_PROPERTY(QString fingerprint READ fingerprint NOTIFY changed)
    /// Why it is not trusted, one sentence each.
    Q_PROPERTY(QStringList errors READ errors NOTIFY changed)

public:
    explicit CertificateCheck(QObject* parent = nullptr);

    bool present() const { return !m_problem.isNull(); }
    QString endpoint() const { return m_problem.endpoint; }
    QString subject() const { return m_problem.subject(); }
    QString alternativeNames() const;
    QString issuer() const { return m_problem.issuer(); }
    QString validity() const;
    QString fingerprint() const { return m_problem.fingerprint(); }
    QStringList errors() const { return m_problem.errorTexts(); }
    const CertificateProblem& problem() const { return m_problem; }

    void show(const CertificateProblem& problem);
    void clear();

Q_SIGNALS:
    void changed();

private:
    CertificateProblem m_problem;
};

} // namespace palaver::client
