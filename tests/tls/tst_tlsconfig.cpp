// Reading the certificate and key: a chain with an EC or an RSA key loads; a key of another
// certificate, garbage, a missing or an encrypted key are refused with a reason; a key others can
// read is worth a warning. And the start-up warning for plain ws on a non-loopback address.
#include "net/tlsconfig.h"
#include "net/tlscredentials.h"
#include "testcertificates.h"

#include <QFile>
#include <QProcess>
#include <QTest>

using namespace palaver::server;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

class TestTlsConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_certificates.make(), qPrintable(m_certificates.errorString()));
    }

    void chainsLoad_data()
    {
        QTest::addColumn<bool>("second");
        QTest::newRow("EC key") << false;
        QTest::newRow("RSA key") << true;
    }

    void chainsLoad()
    {
        QFETCH(bool, second);
        const TestCertificates::Pair pair
            = second ? m_certificates.second() : m_certificates.first();
        const TlsLoad loaded = loadTls({ pair.fullchain, pair.key });
        QVERIFY2(loaded.configuration, qPrintable(loaded.error));
        QCOMPARE(loaded.digest, pair.digest);
        // The chain goes out whole: clients that trust only the root need the intermediate.
        QCOMPARE(loaded.configuration->localCertificateChain().size(), 2);
        QVERIFY2(loaded.summary.contains(u"localhost"_s) && loaded.summary.contains(u"127.0.0.1"_s)
                && loaded.summary.contains(u"Palaver Test Intermediate"_s),
            qPrintable(loaded.summary));
        QVERIFY(loaded.warnings.isEmpty());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("reason");
        const auto first = m_certificates.first();
        const auto second = m_certificates.second();
        const QString garbage = m_certificates.path(u"garbage.pem"_s);
        QVERIFY(write(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n"));
        QTest::newRow("another certificate's key")
            << second.fullchain << first.key << u"do not work together"_s;
        QTest::newRow("no certificate") << garbage << first.key << u"No PEM certificate"_s;
        QTest::newRow("no key") << first.fullchain << garbage << u"No usable private key"_s;
        QTest::newRow("missing file")
            << m_certificates.path(u"missing.pem"_s) << first.key << u"Cannot read"_s;
        QTest::newRow("key only") << QString() << first.key << u"both"_s;
        const QString encrypted = m_certificates.path(u"encrypted.key"_s);
        QVERIFY(run({ u"pkey"_s, u"-in"_s, first.key, u"-aes256"_s, u"-passout"_s, u"pass:secret"_s,
            u"-out"_s, encrypted }));
        QTest::newRow("encrypted key")
            << first.fullchain << encrypted << u"not protected by a passphrase"_s;
    }

    void refusals()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, reason);
        const TlsLoad loaded = loadTls({ certificate, key });
        QVERIFY(!loaded.configuration);
        QVERIFY2(loaded.error.contains(reason), qPrintable(loaded.error));
    }

    void readableKeyIsWorthAWarning()
    {
        const QString key = m_certificates.path(u"readable.key"_s);
        QFile::remove(key);
        QVERIFY(QFile::copy(m_certificates.first().key, key));
        QVERIFY(QFile::setPermissions(
            key, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        const TlsLoad loaded = loadTls({ m_certificates.first().fullchain, key });
        QVERIFY(loaded.configuration);
        QCOMPARE(loaded.warnings.size(), 1);
        QVERIFY(loaded.warnings.first().contains(u"readable by every user"_s));
    }

    void failedReloadKeepsTheOldPair()
    {
        const QString live = m_certificates.path(u"live.pem"_s);
        const QString liveKey = m_certificates.path(u"live.key"_s);
        QVERIFY(TestCertificates::install(m_certificates.first(), live, liveKey));
        const TlsFiles files { live, liveKey };
        TlsCredentials credentials(files, loadTls(files));
        QCOMPARE(credentials.digest(), m_certificates.first().digest);
        QVERIFY(write(live, "garbage"));
        QVERIFY(!credentials.reload().configuration);
        QCOMPARE(credentials.digest(), m_certificates.first().digest);
        QCOMPARE(credentials.configuration().localCertificate().digest(QCryptographicHash::Sha256),
            m_certificates.first().digest);
        QVERIFY(TestCertificates::install(m_certificates.second(), live, liveKey));
        QVERIFY(credentials.reload().configuration);
        QCOMPARE(credentials.configuration().localCertificate().digest(QCryptographicHash::Sha256),
            m_certificates.second().digest);
    }

    void plainTextWarningOffLoopback()
    {
        QCOMPARE(plainTextWarning(QHostAddress::LocalHost, false), QString());
        QCOMPARE(plainTextWarning(QHostAddress(u"127.0.0.2"_s), false), QString());
        QCOMPARE(plainTextWarning(QHostAddress::LocalHostIPv6, false), QString());
        for (const QHostAddress& address : { QHostAddress(QHostAddress::AnyIPv4),
                 QHostAddress(QHostAddress::AnyIPv6), QHostAddress(u"192.0.2.10"_s) }) {
            const QString warning = plainTextWarning(address, false);
            QVERIFY2(warning.contains(address.toString()) && warning.contains(u"[tls]"_s)
                    && warning.contains(u"reverse proxy"_s),
                qPrintable(warning));
            QCOMPARE(plainTextWarning(address, true), QString());
        }
    }

private:
    static bool write(const QString& path, const QByteArray& contents)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(contents) == contents.size();
    }

    static bool run(const QStringList& opensslArguments)
    {
        QProcess process;
        process.start(u"openssl"_s, opensslArguments);
        return process.waitForFinished(30000) && process.exitCode() == 0;
    }

    TestCertificates m_certificates;
};

QTEST_GUILESS_MAIN(TestTlsConfig)
#include "tst_tlsconfig.moc"
