#pragma once

// Throwaway TLS material made with the system's `openssl` at test time, in a temporary folder:
// a CA, and certificates it signed (for localhost/127.0.0.1, or for another host name), each
// with its key. Nothing is committed, nothing outlives the test.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace palaver::test {

class TestCertificates
{
public:
    /// An empty text when `openssl` ran; else why not (the test skips or fails with it).
    QString error;

    TestCertificates()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
            error = QStringLiteral("no openssl on PATH");
            return;
        }
        if (!m_dir.isValid()) {
            error = QStringLiteral("no temporary folder");
            return;
        }
        // P-256 keys: made in milliseconds, unlike RSA.
        run({ QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-keyout"), path("ca.key"), QStringLiteral("-out"), path("ca.pem"),
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
            QStringLiteral("/O=Palaver tests/CN=Palaver Test CA"), QStringLiteral("-addext"),
            QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
            QStringLiteral("keyUsage=critical,keyCertSign,cRLSign") });
    }

    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QList<QSslCertificate> ca() const { return QSslCertificate::fromPath(path("ca.pem")); }

    /// Makes `name`.pem and `name`.key, signed by the CA, for `commonName` with these SANs
    /// ("DNS:localhost,IP:127.0.0.1"). Returns false (and sets `error`) when openssl failed.
    bool issue(const char* name, const QString& commonName, const QString& alternativeNames)
    {
        const QString base = path(name);
        QFile extensions(base + QStringLiteral(".ext"));
        if (!extensions.open(QIODevice::WriteOnly))
            return fail(QStringLiteral("cannot write ") + extensions.fileName());
        extensions.write("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
                         "extendedKeyUsage=serverAuth\nsubjectAltName="
            + alternativeNames.toUtf8() + "\n");
        extensions.close();
        return run({ QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                   QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                   base + QStringLiteral(".key"), QStringLiteral("-out"),
                   base + QStringLiteral(".csr"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=") + commonName })
            && run({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                base + QStringLiteral(".csr"), QStringLiteral("-CA"), path("ca.pem"),
                QStringLiteral("-CAkey"), path("ca.key"), QStringLiteral("-CAcreateserial"),
                QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                extensions.fileName(), QStringLiteral("-out"), base + QStringLiteral(".pem") });
    }

    /// A server-side configuration presenting `name`.pem with its key.
    QSslConfiguration serverConfiguration(const char* name) const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        const QString base = path(name);
        configuration.setLocalCertificate(
            QSslCertificate::fromPath(base + QStringLiteral(".pem")).value(0));
        QFile key(base + QStringLiteral(".key"));
        if (key.open(QIODevice::ReadOnly))
            configuration.setPrivateKey(QSslKey(&key, QSsl::Ec));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        return configuration;
    }

    /// `openssl x509 -fingerprint -sha256` of `name`.pem: "AB:CD:…", what an operator reads out.
    QString opensslFingerprint(const char* name)
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                QStringLiteral("-sha256"), QStringLiteral("-in"),
                path(name) + QStringLiteral(".pem") });
        if (!openssl.waitForFinished(30000))
            return {};
        const QString out = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
        return out.section(QLatin1Char('='), 1);
    }

private:
    bool run(const QStringList& arguments)
    {
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"), arguments);
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            return fail(
                QStringLiteral("openssl %1 failed: %2")
                    .arg(arguments.constFirst(), QString::fromLocal8Bit(openssl.readAll())));
        return true;
    }
    bool fail(const QString& why)
    {
        error = why;
        return false;
    }

    QTemporaryDir m_dir;
};

} // namespace palaver::test
