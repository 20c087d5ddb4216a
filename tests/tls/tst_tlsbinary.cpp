// Native TLS on the real palaver-server binary: [tls] in a config file (paths relative to it),
// the start-up lines, a real SIGHUP that swaps the certificate for new connections while an old
// one stays up, a pair that does not belong together refused at start, a foreign client (Node.js
// with the `ws` package) that signs in over wss://, and the warning for plain ws on a
// non-loopback address.
#include "serverbinary.h"
#include "testcertificates.h"
#include "wstestclient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QString binaryPath()
{
    return QDir(QStringLiteral(PALAVER_BIN_DIR)).filePath(u"palaver-server"_s);
}

QUrl wssUrl(quint16 port)
{
    return QUrl(u"wss://127.0.0.1:%1/v1/ws"_s.arg(port));
}
} // namespace

class TestTlsBinary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_certificates.make(), qPrintable(m_certificates.errorString()));
        QVERIFY(m_data.isValid());
        ServerBinary admin(binaryPath(), m_data.path());
        QVERIFY2(admin.addUser(u"alice"_s, u"secret"_s), qPrintable(admin.errorString()));
        m_config = m_certificates.path(u"palaver.ini"_s);
        QFile config(m_config);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[tls]\ncertificate = live/fullchain.pem\nkey = live/privkey.pem\n");
        config.close();
        QVERIFY(QDir(m_certificates.path(QString())).mkpath(u"live"_s));
        m_fullchain = m_certificates.path(u"live/fullchain.pem"_s);
        m_key = m_certificates.path(u"live/privkey.pem"_s);
    }

    void servesTlsFromTheConfigFile()
    {
        QVERIFY(TestCertificates::install(m_certificates.first(), m_fullchain, m_key));
        ServerBinary server(binaryPath(), m_data.path());
        QVERIFY2(server.start({ u"--config"_s, m_config }), qPrintable(server.errorString()));
        const QString log = QString::fromUtf8(server.log());
        QVERIFY2(log.contains(u"palaver.server: TLS: certificate localhost (localhost, 127.0.0.1), "
                              "issued by Palaver Test Intermediate"_s),
            qPrintable(log));
        QVERIFY2(!log.contains(u"without TLS"_s), qPrintable(log));

        auto client = signedIn(server.port());
        QVERIFY(client);
        QCOMPARE(peerDigest(*client), m_certificates.first().digest);
    }

    void sighupSwapsTheCertificate()
    {
        QVERIFY(TestCertificates::install(m_certificates.first(), m_fullchain, m_key));
        ServerBinary server(binaryPath(), m_data.path());
        QVERIFY2(server.start({ u"--config"_s, m_config }), qPrintable(server.errorString()));
        auto old = signedIn(server.port());
        QVERIFY(old);
        QCOMPARE(peerDigest(*old), m_certificates.first().digest);

        QVERIFY(TestCertificates::install(m_certificates.second(), m_fullchain, m_key));
        server.hangUp();
        QTRY_VERIFY_WITH_TIMEOUT(server.log().contains("TLS reloaded"), 10000);
        auto fresh = signedIn(server.port());
        QVERIFY(fresh);
        QCOMPARE(peerDigest(*fresh), m_certificates.second().digest);
        QVERIFY(old->isConnected());
        QVERIFY(old->roundTrip());
        QCOMPARE(peerDigest(*old), m_certificates.first().digest);

        // A renewal that left garbage: logged, and the second certificate stays in use.
        QFile broken(m_fullchain);
        QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
        broken.write("garbage\n");
        broken.close();
        server.hangUp();
        QTRY_VERIFY_WITH_TIMEOUT(server.log().contains("TLS reload failed"), 10000);
        auto after = signedIn(server.port());
        QVERIFY(after);
        QCOMPARE(peerDigest(*after), m_certificates.second().digest);
        QVERIFY(old->roundTrip());
        QCOMPARE(server.process().state(), QProcess::Running);
    }

    void mismatchedPairIsRefusedAtStart()
    {
        ServerBinary server(binaryPath(), m_data.path());
        QVERIFY(!server.start({ u"--tls-certificate"_s, m_certificates.second().fullchain,
            u"--tls-key"_s, m_certificates.first().key }));
        QVERIFY(server.waitForExit());
        QCOMPARE(server.process().exitCode(), 1);
        QVERIFY2(server.log().contains("do not work together"), server.log().constData());
    }

    void nodeWsClientSignsIn()
    {
        const QString node = QStringLiteral(PALAVER_NODE_EXECUTABLE);
        const QString modules = QStringLiteral(PALAVER_NODE_MODULES);
        QVERIFY2(QFile::exists(node) && QFile::exists(modules + u"/ws/package.json"_s),
            "Node.js and its ws package are needed (Debian: nodejs, node-ws; "
            "scripts/lib/common.sh installs them)");
        QVERIFY(TestCertificates::install(m_certificates.first(), m_fullchain, m_key));
        ServerBinary server(binaryPath(), m_data.path());
        QVERIFY2(server.start({ u"--config"_s, m_config }), qPrintable(server.errorString()));

        QProcess client;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"NODE_PATH"_s, modules);
        client.setProcessEnvironment(environment);
        client.start(node,
            { QStringLiteral(PALAVER_TLS_TEST_DIR) + u"/wsclient.cjs"_s,
                u"wss://localhost:%1/v1/ws"_s.arg(server.port()), m_certificates.rootPath(),
                u"alice"_s, u"secret"_s });
        QVERIFY(client.waitForFinished(30000));
        const QString output = QString::fromUtf8(client.readAllStandardOutput());
        QVERIFY2(client.exitCode() == 0,
            qPrintable(output + QString::fromUtf8(client.readAllStandardError())));
        const QString digest = QString::fromLatin1(m_certificates.first().digest.toHex().toUpper());
        QCOMPARE(
            output, u"connected palaver.v1 %1\nwelcome alice\npong\nclosed 1000\n"_s.arg(digest));
    }

    void plainWsOffLoopbackWarns()
    {
        // Listening on every interface for a moment (no traffic is sent there): the warning is a
        // start-up line, so the test only reads the log.
        QProcess server;
        server.start(binaryPath(),
            { u"--listen"_s, u"0.0.0.0:0"_s, u"--data-dir"_s, m_data.path(), u"--workers"_s, u"1"_s,
                u"--no-detect"_s });
        QByteArray log;
        QTRY_VERIFY_WITH_TIMEOUT(
            (log += server.readAllStandardError()).contains("listening on 0.0.0.0:"), 10000);
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QVERIFY2(log.contains("palaver.server: listening on 0.0.0.0 without TLS"), log.constData());
        QVERIFY(log.contains("[tls]"));
    }

private:
    static QByteArray peerDigest(WsTestClient& client)
    {
        return client.socket().sslConfiguration().peerCertificate().digest(
            QCryptographicHash::Sha256);
    }

    std::unique_ptr<WsTestClient> signedIn(quint16 port)
    {
        auto client = std::make_unique<WsTestClient>();
        client->socket().setSslConfiguration(m_certificates.clientConfiguration());
        if (!client->open(wssUrl(port), { u"palaver.v1"_s }, 10000)
            || !client->login(u"alice"_s, u"secret"_s))
            return nullptr;
        return client;
    }

    TestCertificates m_certificates;
    QTemporaryDir m_data;
    QString m_config;
    QString m_fullchain;
    QString m_key;
};

QTEST_GUILESS_MAIN(TestTlsBinary)
#include "tst_tlsbinary.moc"
