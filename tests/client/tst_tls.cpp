// The client core over TLS against a wss:// fake server whose certificates openssl makes at
// test time: a CA the client is given, a certificate for another host, a pin, a changed
// certificate. Also the fingerprint helpers and the CA file.

#include "fakeserver.h"
#include "net/connection.h"
#include "net/tlstrust.h"
#include "session/clientsession.h"
#include "testcertificates.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::CertificateProblem;
using palaver::client::ClientSession;
using palaver::client::Connection;
using palaver::client::TlsTrust;
using palaver::test::FakeServer;
using palaver::test::TestCertificates;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 10000;
}

class TstTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void fingerprints_data();
    void fingerprints();
    void caFile();
    void withTheCaTheCoreConnectsOverWss();
    void withoutTheCaTheCertificateIsRefusedWithItsDetails();
    void aCertificateForAnotherHostIsRefusedEvenWithTheCa();
    void aPinnedCertificateConnectsAndAChangedOneIsRefused();
    void theSessionShowsTrustsAndRemembersACertificate();

private:
    QUrl url() const { return QUrl(u"wss://localhost:%1/v1/ws"_s.arg(m_server->port())); }
    /// Opens `connection` to the server and waits for the outcome: true when welcomed.
    bool connectTo(Connection& connection);
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }

    std::unique_ptr<TestCertificates> m_certificates;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TstTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    m_certificates = std::make_unique<TestCertificates>();
    QVERIFY2(m_certificates->error.isEmpty(), qPrintable(m_certificates->error));
    QVERIFY2(m_certificates->issue("localhost", u"localhost"_s, u"DNS:localhost,IP:127.0.0.1"_s),
        qPrintable(m_certificates->error));
    QVERIFY2(m_certificates->issue("renewed", u"localhost"_s, u"DNS:localhost,IP:127.0.0.1"_s),
        qPrintable(m_certificates->error));
    QVERIFY2(m_certificates->issue("wronghost", u"wrong.example"_s, u"DNS:wrong.example"_s),
        qPrintable(m_certificates->error));
}

void TstTls::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeServer>(QWebSocketServer::SecureMode);
    m_server->server().setSslConfiguration(m_certificates->serverConfiguration("localhost"));
    QVERIFY(m_server->listen());
}

bool TstTls::connectTo(Connection& connection)
{
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    QSignalSpy closed(&connection, &Connection::closed);
    connection.open(url(), { u"ada"_s, u"secret"_s, {} });
    return QTest::qWaitFor([&] { return !welcomed.isEmpty() || !closed.isEmpty(); }, kTimeout)
        && !welcomed.isEmpty();
}

void TstTls::fingerprints_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    const QString hex = u"00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF"_s;
    QTest::newRow("plain hex") << hex << true;
    QTest::newRow("colons") << TlsTrust::formatFingerprint(QByteArray::fromHex(hex.toLatin1()))
                            << true;
    QTest::newRow("openssl output") << u"sha256 Fingerprint=00:11"_s << false;
    QTest::newRow("prefixed") << u"SHA256:"_s + hex << true;
    QTest::newRow("spaces") << u" 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33 44 "
                               "55 66 77 88 99 aa bb cc dd ee ff "_s
                            << true;
    QTest::newRow("short") << hex.left(62) << false;
    QTest::newRow("not hex") << hex.left(63) + u'g' << false;
    QTest::newRow("empty") << QString() << false;
}

void TstTls::fingerprints()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto parsed = TlsTrust::parseFingerprint(text);
    QCOMPARE(parsed.has_value(), valid);
    if (parsed) {
        QCOMPARE(
            parsed->toHex(), "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        QCOMPARE(TlsTrust::formatFingerprint(*parsed).size(), 32 * 3 - 1);
    }
}

void TstTls::caFile()
{
    TlsTrust trust;
    QVERIFY(trust.addCaFile(m_dir->filePath(u"missing.pem"_s)).contains(u"cannot read"_s));
    QFile notPem(m_dir->filePath(u"not.pem"_s));
    QVERIFY(notPem.open(QIODevice::WriteOnly));
    notPem.write("hello\n");
    notPem.close();
    QVERIFY(trust.addCaFile(notPem.fileName()).contains(u"no PEM certificate"_s));
    const int before = int(trust.configuration().caCertificates().size());
    QCOMPARE(trust.addCaFile(m_certificates->path("ca.pem")), QString());
    QCOMPARE(trust.configuration().caCertificates().size(), before + 1);
    QVERIFY(trust.configuration().caCertificates().contains(m_certificates->ca().value(0)));
}

void TstTls::withTheCaTheCoreConnectsOverWss()
{
    TlsTrust trust;
    trust.addCaCertificates(m_certificates->ca());
    Connection connection;
    connection.setTlsTrust(&trust);
    QSignalSpy refused(&connection, &Connection::certificateRejected);
    QVERIFY(connectTo(connection));
    QCOMPARE(connection.state(), Connection::State::Online);
    QVERIFY(connection.isEncrypted());
    QCOMPARE(connection.url().scheme(), u"wss"_s);
    QCOMPARE(connection.negotiatedSubprotocol(), u"palaver.v1"_s);
    QCOMPARE(refused.size(), 0);
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 1);
}

void TstTls::withoutTheCaTheCertificateIsRefusedWithItsDetails()
{
    Connection connection;
    connection.setAutoReconnectDelay(20); // a refused certificate is not retried all the same
    QSignalSpy refused(&connection, &Connection::certificateRejected);
    QSignalSpy opened(&connection, &Connection::socketOpened);
    QSignalSpy errors(&connection, &Connection::connectionError);
    QSignalSpy closed(&connection, &Connection::closed);
    const QUrl ws = QUrl(u"ws://localhost:%1/v1/ws"_s.arg(m_server->port()));
    // Offered a plain fallback too: a certificate error must never take it.
    connection.open(QList<QUrl> { url(), ws }, { u"ada"_s, u"secret"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeout);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(opened.size(), 0);
    QCOMPARE(connection.state(), Connection::State::Offline);
    QVERIFY(!connection.reconnectPending());
    QCOMPARE(connection.url().scheme(), u"wss"_s);
    QCOMPARE(m_server->received.size(), 0); // no password went anywhere

    const CertificateProblem problem = refused.first().at(0).value<CertificateProblem>();
    QCOMPARE(problem.endpoint, u"localhost:%1"_s.arg(m_server->port()));
    QCOMPARE(problem.subject(), u"localhost"_s);
    QCOMPARE(problem.alternativeNames(), (QStringList { u"localhost"_s, u"127.0.0.1"_s }));
    QCOMPARE(problem.issuer(), u"Palaver Test CA (Palaver tests)"_s);
    QCOMPARE(problem.fingerprint(), m_certificates->opensslFingerprint("localhost"));
    QVERIFY(problem.validFrom() <= QDateTime::currentDateTimeUtc());
    QVERIFY(problem.validUntil() > QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(!problem.errors.isEmpty());
    QVERIFY2(problem.errorTexts().contains(
                 u"The certificate is signed by an authority this computer does not trust."_s),
        qPrintable(problem.errorTexts().join(u'|')));
    QVERIFY(problem.describe().contains(problem.fingerprint()));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().at(0).toString().startsWith(u"The certificate of localhost:"_s),
        qPrintable(errors.first().at(0).toString()));
}

void TstTls::aCertificateForAnotherHostIsRefusedEvenWithTheCa()
{
    m_server->server().setSslConfiguration(m_certificates->serverConfiguration("wronghost"));
    TlsTrust trust;
    trust.addCaCertificates(m_certificates->ca());
    Connection connection;
    connection.setTlsTrust(&trust);
    QSignalSpy refused(&connection, &Connection::certificateRejected);
    QVERIFY(!connectTo(connection));
    QCOMPARE(refused.size(), 1);
    const CertificateProblem problem = refused.first().at(0).value<CertificateProblem>();
    QCOMPARE(problem.subject(), u"wrong.example"_s);
    bool mismatch = false;
    for (const QSslError& error : problem.errors)
        mismatch = mismatch || error.error() == QSslError::HostNameMismatch;
    QVERIFY(mismatch);
    QVERIFY(
        problem.errorTexts().contains(u"The certificate is for another server, not localhost."_s));
    QCOMPARE(m_server->received.size(), 0);
}

void TstTls::aPinnedCertificateConnectsAndAChangedOneIsRefused()
{
    TlsTrust trust; // no CA: only a pin can make it trusted
    Connection connection;
    connection.setTlsTrust(&trust);
    QSignalSpy refused(&connection, &Connection::certificateRejected);
    QVERIFY(!connectTo(connection));
    QCOMPARE(refused.size(), 1);
    const CertificateProblem first = refused.first().at(0).value<CertificateProblem>();
    trust.pin(first.endpoint, TlsTrust::fingerprint(first.certificate));
    // Pinned on another port it means nothing there.
    QVERIFY(!trust.isPinned(u"localhost:1"_s, first.certificate));

    QVERIFY(connectTo(connection));
    QVERIFY(connection.isEncrypted());
    QCOMPARE(refused.size(), 1);
    connection.close();

    // The server now shows another certificate (same name, same CA): the pin does not cover it.
    m_server->server().setSslConfiguration(m_certificates->serverConfiguration("renewed"));
    QVERIFY(!connectTo(connection));
    QCOMPARE(refused.size(), 2);
    const CertificateProblem second = refused.last().at(0).value<CertificateProblem>();
    QCOMPARE(second.fingerprint(), m_certificates->opensslFingerprint("renewed"));
    QVERIFY(second.fingerprint() != first.fingerprint());
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 1);
}

void TstTls::theSessionShowsTrustsAndRemembersACertificate()
{
    const QString address = url().toString();
    {
        ClientSession session(settingsFile());
        session.signIn(address, u"ada"_s, u"secret"_s);
        QTRY_VERIFY_WITH_TIMEOUT(session.certificate()->present(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
        QVERIFY(!session.signedIn());
        QCOMPARE(session.certificate()->subject(), u"localhost"_s);
        QCOMPARE(session.certificate()->alternativeNames(), u"localhost, 127.0.0.1"_s);
        QCOMPARE(
            session.certificate()->fingerprint(), m_certificates->opensslFingerprint("localhost"));
        QVERIFY(session.certificate()->validity().contains(u" UTC to "_s));
        QVERIFY(!session.certificate()->errors().isEmpty());
        QVERIFY(session.errorText().contains(u"not trusted"_s));
        QVERIFY(session.insecureWarning().isEmpty());

        session.trustCertificate();
        QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
        QVERIFY(session.connectionEncrypted());
        QVERIFY(!session.certificate()->present());
        QCOMPARE(session.errorText(), QString());
    }
    {
        // Another run: the pin came from the settings, and only this certificate is trusted.
        ClientSession session(settingsFile());
        const QString endpoint = u"localhost:%1"_s.arg(m_server->port());
        QCOMPARE(TlsTrust::formatFingerprint(session.tlsTrust().pinned(endpoint)),
            m_certificates->opensslFingerprint("localhost"));
        session.signIn(address, u"ada"_s, u"secret"_s);
        QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
        session.signOut();

        m_server->server().setSslConfiguration(m_certificates->serverConfiguration("renewed"));
        session.signIn(address, u"ada"_s, u"secret"_s);
        QTRY_VERIFY_WITH_TIMEOUT(session.certificate()->present(), kTimeout);
        QCOMPARE(
            session.certificate()->fingerprint(), m_certificates->opensslFingerprint("renewed"));
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
        QVERIFY(!session.signedIn());
    }
}

QTEST_GUILESS_MAIN(TstTls)
#include "tst_tls.moc"
