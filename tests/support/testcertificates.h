#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

namespace palaver::testing {

/// Certificates made at test time with openssl (Debian's), in a temporary folder: a root CA, an
/// intermediate CA it signed, and two server certificates for localhost and 127.0.0.1 that the
/// intermediate signed (the first with an EC key, as certbot makes them, the second RSA). Each
/// server certificate has a fullchain file (itself and the intermediate, as certbot writes it)
/// and a key file; clients trust the root only, so a server must send its chain.
class TestCertificates
{
public:
    struct Pair
    {
        QString fullchain;
        QString key;
        QByteArray digest; ///< SHA-256 of the server certificate
    };

    /// Makes them; false (with errorString()) when openssl is missing or failed.
    bool make();
    QString errorString() const { return m_error; }

    Pair first() const { return m_first; }
    Pair second() const { return m_second; }
    QString rootPath() const;
    QList<QSslCertificate> root() const;
    /// A client configuration that trusts the root CA (and nothing else).
    QSslConfiguration clientConfiguration() const;
    /// A path in the folder, for files a test writes (a config file, a live certificate).
    QString path(const QString& name) const { return m_dir.filePath(name); }
    /// Copies `pair`'s files over `fullchain` and `key` (mode 0600), as a renewal does.
    static bool install(const Pair& pair, const QString& fullchain, const QString& key);

private:
    bool openssl(const QStringList& arguments);
    bool makeServer(const QString& name, const QStringList& keyOptions, int serial, Pair* pair);

    QTemporaryDir m_dir;
    QString m_openssl;
    Pair m_first;
    Pair m_second;
    QString m_error;
};

} // namespace palaver::testing
