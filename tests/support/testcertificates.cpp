#include "testcertificates.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

namespace {
const QStringList ecKey { u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s };
const QStringList rsaKey { u"-newkey"_s, u"rsa:2048"_s };

bool writeFile(const QString& path, const QByteArray& contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(contents) == contents.size();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

bool TestCertificates::openssl(const QStringList& arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(m_openssl, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = u"openssl %1 failed: %2"_s.arg(
            arguments.join(u' '), QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

bool TestCertificates::makeServer(
    const QString& name, const QStringList& keyOptions, int serial, Pair* pair)
{
    const QString extensions = name + u".ext"_s;
    if (!writeFile(m_dir.filePath(extensions),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
            "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")) {
        m_error = u"cannot write %1"_s.arg(extensions);
        return false;
    }
    if (!openssl(QStringList { u"req"_s } + keyOptions
            + QStringList { u"-nodes"_s, u"-keyout"_s, name + u".key"_s, u"-out"_s,
                name + u".csr"_s, u"-subj"_s, u"/CN=localhost"_s })
        || !openssl(
            { u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s, u"intermediate.pem"_s,
                u"-CAkey"_s, u"intermediate.key"_s, u"-set_serial"_s, QString::number(serial),
                u"-days"_s, u"30"_s, u"-extfile"_s, extensions, u"-out"_s, name + u".pem"_s }))
        return false;
    const QByteArray leaf = readFile(m_dir.filePath(name + u".pem"_s));
    pair->fullchain = m_dir.filePath(name + u"-fullchain.pem"_s);
    pair->key = m_dir.filePath(name + u".key"_s);
    if (!writeFile(pair->fullchain, leaf + readFile(m_dir.filePath(u"intermediate.pem"_s)))) {
        m_error = u"cannot write %1"_s.arg(pair->fullchain);
        return false;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(leaf, QSsl::Pem);
    if (certificates.isEmpty()) {
        m_error = u"openssl wrote no certificate for %1"_s.arg(name);
        return false;
    }
    pair->digest = certificates.first().digest(QCryptographicHash::Sha256);
    return true;
}

bool TestCertificates::make()
{
    m_openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (m_openssl.isEmpty()) {
        m_error = u"openssl is not installed (Debian package openssl, see scripts/lib/common.sh)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = u"no temporary folder"_s;
        return false;
    }
    if (!writeFile(m_dir.filePath(u"intermediate.ext"_s),
            "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,"
            "cRLSign\n")) {
        m_error = u"cannot write intermediate.ext"_s;
        return false;
    }
    return openssl(QStringList { u"req"_s, u"-x509"_s } + ecKey
               + QStringList { u"-nodes"_s, u"-keyout"_s, u"root.key"_s, u"-out"_s, u"root.pem"_s,
                   u"-days"_s, u"30"_s, u"-subj"_s, u"/CN=Palaver Test Root"_s })
        && openssl(QStringList { u"req"_s } + ecKey
            + QStringList { u"-nodes"_s, u"-keyout"_s, u"intermediate.key"_s, u"-out"_s,
                u"intermediate.csr"_s, u"-subj"_s, u"/CN=Palaver Test Intermediate"_s })
        && openssl({ u"x509"_s, u"-req"_s, u"-in"_s, u"intermediate.csr"_s, u"-CA"_s, u"root.pem"_s,
            u"-CAkey"_s, u"root.key"_s, u"-set_serial"_s, u"2"_s, u"-days"_s, u"30"_s,
            u"-extfile"_s, u"intermediate.ext"_s, u"-out"_s, u"intermediate.pem"_s })
        && makeServer(u"first"_s, ecKey, 3, &m_first)
        && makeServer(u"second"_s, rsaKey, 4, &m_second);
}

QString TestCertificates::rootPath() const
{
    return m_dir.filePath(u"root.pem"_s);
}

QList<QSslCertificate> TestCertificates::root() const
{
    return QSslCertificate::fromPath(rootPath(), QSsl::Pem);
}

QSslConfiguration TestCertificates::clientConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(root());
    return configuration;
}

bool TestCertificates::install(const Pair& pair, const QString& fullchain, const QString& key)
{
    // The key readable by its owner only, as it should be (the server warns otherwise).
    return writeFile(fullchain, readFile(pair.fullchain)) && writeFile(key, readFile(pair.key))
        && QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner);
}

} // namespace palaver::testing
