// The client core against the real palaver-server binary serving TLS (certificates made with
// openssl at test time, a root CA and an intermediate): with the root the session signs in over
// wss:// and remembers it; without it the certificate is shown, trusted by its fingerprint and
// remembered, and after a renewal (SIGHUP) the new certificate is refused again; a plain
// attempt on the TLS port says to use wss://.

#include "serverbinary.h"
#include "session/clientsession.h"
#include "testcertificates.h"

#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::TlsTrust;
using palaver::testing::ServerBinary;
using palaver::testing::TestCertificates;

namespace {
constexpr int kTimeout = 15000;
}

class TestTlsEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void withTheRootTheSessionSignsInOverWss();
    void aTrustedCertificateHoldsUntilItIsRenewed();
    void aPlainAttemptOnTheTlsPortSaysToUseWss();

private:
    QString address() const { return u"localhost:%1"_s.arg(m_server->port()); }
    QString settingsFile() const { return m_settings->filePath(u"palaver.ini"_s); }

    TestCertificates m_certificates;
    QString m_fullchain;
    QString m_key;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<QTemporaryDir> m_settings;
    std::unique_ptr<ServerBinary> m_server;
};

void TestTlsEndToEnd::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY2(m_certificates.make(), qPrintable(m_certificates.errorString()));
    m_fullchain = m_certificates.path(u"live-fullchain.pem"_s);
    m_key = m_certificates.path(u"live-key.pem"_s);
}

void TestTlsEndToEnd::init()
{
    QVERIFY(TestCertificates::install(m_certificates.first(), m_fullchain, m_key));
    m_data = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<ServerBinary>(
        QStringLiteral(PALAVER_BIN_DIR "/palaver-server"), m_data->path());
    QVERIFY2(m_server->addUser(u"ada"_s, u"pass word 1"_s), qPrintable(m_server->errorString()));
    QVERIFY2(m_server->start({ u"--tls-certificate"_s, m_fullchain, u"--tls-key"_s, m_key }),
        qPrintable(m_server->errorString()));
}

void TestTlsEndToEnd::cleanup()
{
    m_server.reset();
}

void TestTlsEndToEnd::withTheRootTheSessionSignsInOverWss()
{
    ClientSession session(settingsFile());
    session.tlsTrust().addCaCertificates(m_certificates.root());
    session.signIn(u"wss://"_s + address(), u"ada"_s, u"pass word 1"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(session.signedIn(), qPrintable(session.errorText()), kTimeout);
    QVERIFY(session.connectionEncrypted());
    QVERIFY(!session.certificate()->present());
    QCOMPARE(session.insecureWarning(), QString());
    session.signOut();

    // Typed without a scheme, this loopback address would be tried plain; TLS worked here, so
    // it is wss:// alone.
    session.signIn(address(), u"ada"_s, u"pass word 1"_s);
    QCOMPARE(QUrl(session.serverUrl()).scheme(), u"wss"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(session.signedIn(), qPrintable(session.errorText()), kTimeout);
    QVERIFY(session.connectionEncrypted());
}

void TestTlsEndToEnd::aTrustedCertificateHoldsUntilItIsRenewed()
{
    {
        ClientSession session(settingsFile());
        session.signIn(u"wss://"_s + address(), u"ada"_s, u"pass word 1"_s);
        QTRY_VERIFY_WITH_TIMEOUT(session.certificate()->present(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
        QVERIFY(!session.signedIn());
        QCOMPARE(session.certificate()->fingerprint(),
            TlsTrust::formatFingerprint(m_certificates.first().digest));
        QCOMPARE(session.certificate()->subject(), u"localhost"_s);
        session.trustCertificate();
        QTRY_VERIFY2_WITH_TIMEOUT(session.signedIn(), qPrintable(session.errorText()), kTimeout);
        QVERIFY(session.connectionEncrypted());
    }

    // The certificate is renewed: connections already open keep theirs, new ones get the new
    // one, and the pin does not cover it.
    QVERIFY(TestCertificates::install(m_certificates.second(), m_fullchain, m_key));
    m_server->hangUp();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->log().contains("TLS reloaded"), kTimeout);
    ClientSession session(settingsFile());
    session.signIn(u"wss://"_s + address(), u"ada"_s, u"pass word 1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.certificate()->present(), kTimeout);
    QCOMPARE(session.certificate()->fingerprint(),
        TlsTrust::formatFingerprint(m_certificates.second().digest));
    QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
    QVERIFY(!session.signedIn());
}

void TestTlsEndToEnd::aPlainAttemptOnTheTlsPortSaysToUseWss()
{
    ClientSession session(settingsFile());
    session.signIn(address(), u"ada"_s, u"pass word 1"_s); // loopback, never used: ws://
    QTRY_VERIFY_WITH_TIMEOUT(!session.errorText().isEmpty() && !session.busy(), kTimeout);
    QVERIFY(!session.signedIn());
    QVERIFY2(session.errorText().contains(
                 u"If the server uses TLS, connect to wss://%1/v1/ws."_s.arg(address())),
        qPrintable(session.errorText()));
}

QTEST_GUILESS_MAIN(TestTlsEndToEnd)
#include "tst_tls_e2e.moc"
