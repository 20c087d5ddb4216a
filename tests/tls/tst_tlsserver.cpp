// Native TLS on the in-process server: the one port serves wss:// and https:// with a chain
// signed by a CA made at test time; plain HTTP, garbage and stalled handshakes on that port are
// refused cleanly and counted out of the connection caps exactly once; a client without the CA
// refuses the certificate; a reload swaps the certificate for new connections while open ones
// stay up.
#include "app/server.h"
#include "chat/hub.h"
#include "limits/sharedlimits.h"
#include "net/worker.h"
#include "rawwsclient.h"
#include "testcertificates.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// One signed-in connection, the anchor, stays open through every test (and every reload). Where
/// a test checks `connections()` back at 1, every connection it opened is gone and was counted out
/// of the caps exactly once: a missed count would stay, a double one would take the anchor's.
class TestTlsServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_certificates.make(), qPrintable(m_certificates.errorString()));
        // The server reads these "live" files; a test installs the second pair over them.
        m_fullchain = m_certificates.path(u"live-fullchain.pem"_s);
        m_key = m_certificates.path(u"live-privkey.pem"_s);
        QVERIFY(TestCertificates::install(m_certificates.first(), m_fullchain, m_key));
        TestServer::Options options;
        options.tls = { m_fullchain, m_key };
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"a"_s));
        QCOMPARE(m_server->url().scheme(), u"wss"_s);
        m_anchor = signedIn();
        QVERIFY(m_anchor);
        QCOMPARE(connections(), 1);
    }

    void cleanupTestCase()
    {
        m_anchor.reset();
        m_server.reset();
    }

    void init()
    {
        // Every test starts with the first certificate in use.
        QVERIFY(TestCertificates::install(m_certificates.first(), m_fullchain, m_key));
        QCOMPARE(m_server->reloadTls(), QString());
    }

    void wssSignInAndReply()
    {
        WsTestClient client;
        client.socket().setSslConfiguration(m_certificates.clientConfiguration());
        QVERIFY(client.open(m_server->url()));
        QCOMPARE(peerDigest(client), m_certificates.first().digest);
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        const auto conv = client.createConversation(u"over TLS"_s);
        QVERIFY(conv);
        client.send(MessageSend { QString(), conv->convId, u"tls-1"_s, u"hello"_s });
        const auto end = client.waitFor<GenerationEnd>(15000);
        QVERIFY2(end, qPrintable(client.describeQueue()));
        QCOMPARE(end->finish, FinishReason::Stop);
        QVERIFY(!end->message.text.isEmpty());
    }

    void httpsHealthAndInfo()
    {
        QNetworkAccessManager manager;
        for (const auto& [path, body] : { std::pair { u"/healthz"_s, QByteArray("ok") },
                 std::pair { u"/v1/info"_s, QByteArray("\"name\":\"palaver-server\"") } }) {
            QNetworkRequest request(m_server->httpUrl(path));
            request.setSslConfiguration(m_certificates.clientConfiguration());
            std::unique_ptr<QNetworkReply> reply(manager.get(request));
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            QVERIFY(finished.wait(10000));
            QCOMPARE(reply->error(), QNetworkReply::NoError);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            QVERIFY2(reply->readAll().contains(body), qPrintable(path));
            QCOMPARE(reply->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256),
                m_certificates.first().digest);
        }
    }

    void plainHttpIsRefusedWithAnAnswer()
    {
        const quint64 suspiciousBefore = handshakeHits();
        const QByteArray answer = RawWsClient::httpExchange(
            m_server->port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
        QVERIFY(answer.contains("this port speaks TLS: use https:// or wss://"));
        QTRY_COMPARE_WITH_TIMEOUT(connections(), 1, 5000);
        // A misdirected client, not an attack: not on the offenders' log.
        QCOMPARE(handshakeHits(), suspiciousBefore);
    }

    void garbageIsDroppedAndLogged()
    {
        for (const QByteArray& bytes : { QByteArray("\x00\x01\x02\x03garbage", 11),
                 // A TLS record header that announces a handshake, then nonsense.
                 QByteArray("\x16\x03\x01\x00\x10xxxxxxxxxxxxxxxx", 21) }) {
            const quint64 before = handshakeHits();
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_server->port());
            QVERIFY(socket.waitForConnected(5000));
            socket.write(bytes);
            QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState, 5000);
            QCOMPARE(socket.readAll(), QByteArray()); // no answer: it was not HTTP either
            QTRY_COMPARE(handshakeHits(), before + 1);
            QTRY_COMPARE_WITH_TIMEOUT(connections(), 1, 5000);
        }
    }

    void stalledHandshakeEndsAtTheHeadDeadline()
    {
        QTRY_COMPARE_WITH_TIMEOUT(connections(), 1, 5000);
        const quint64 before = handshakeHits();
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        // The start of a ClientHello, never finished: the handshake waits for the rest.
        socket.write(QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
        QVERIFY(socket.waitForBytesWritten(5000));
        QTRY_COMPARE(connections(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState,
            server::Worker::headTimeoutMs + 5000);
        QTRY_COMPARE(handshakeHits(), before + 1);
        QTRY_COMPARE_WITH_TIMEOUT(connections(), 1, 5000);
    }

    void handshakesCountAgainstThePendingCap()
    {
        TestServer::Options options;
        options.tls = { m_certificates.first().fullchain, m_certificates.first().key };
        options.serverLimits.connections.maxPreAuthPerIp = 2;
        TestServer small(options);
        QVERIFY2(small.start(), qPrintable(small.errorString()));
        // Two connections that never finish their handshake hold both places...
        std::vector<std::unique_ptr<QTcpSocket>> holders;
        for (int i = 0; i < 2; ++i) {
            holders.push_back(std::make_unique<QTcpSocket>());
            holders.back()->connectToHost(QHostAddress::LocalHost, small.port());
            QVERIFY(holders.back()->waitForConnected(5000));
            holders.back()->write(QByteArray("\x16\x03\x01", 3));
        }
        QTRY_COMPARE(countOn(small), 2);
        // ...so the third is closed at once, unanswered (an answer would need a handshake).
        QTcpSocket third;
        third.connectToHost(QHostAddress::LocalHost, small.port());
        QVERIFY(third.waitForConnected(5000));
        QTRY_VERIFY_WITH_TIMEOUT(third.state() == QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(third.readAll(), QByteArray());
        quint64 refused = 0;
        small.inServerThread([&refused](server::Server& server) {
            refused = server.hub()->offenders().hits(u"max-pre-auth-per-ip"_s);
        });
        QCOMPARE(refused, quint64(1));
        holders.clear();
        QTRY_COMPARE_WITH_TIMEOUT(countOn(small), 0, 5000);
        // Places freed: a real client gets in.
        WsTestClient client;
        client.socket().setSslConfiguration(m_certificates.clientConfiguration());
        QVERIFY(client.open(small.url()));
    }

    void clientWithoutTheCaRefusesTheCertificate()
    {
        WsTestClient client; // the system's CAs only
        QSignalSpy sslErrors(&client.socket(), &QWebSocket::sslErrors);
        QVERIFY(!client.open(m_server->url(), { u"palaver.v1"_s }, 5000));
        QVERIFY(!sslErrors.isEmpty());
        const auto errors = sslErrors.first().first().value<QList<QSslError>>();
        QVERIFY(!errors.isEmpty());
        // The chain ends at an issuer it does not know: the test's intermediate.
        QCOMPARE(errors.first().error(), QSslError::UnableToGetLocalIssuerCertificate);
        QCOMPARE(errors.first().certificate().subjectInfo(QSslCertificate::CommonName),
            QStringList { u"Palaver Test Intermediate"_s });
        QTRY_COMPARE_WITH_TIMEOUT(connections(), 1, 5000);
    }

    void reloadSwapsTheCertificateForNewConnections()
    {
        auto old = signedIn();
        QVERIFY(old);
        QCOMPARE(peerDigest(*old), m_certificates.first().digest);

        QVERIFY(TestCertificates::install(m_certificates.second(), m_fullchain, m_key));
        QCOMPARE(m_server->reloadTls(), QString());
        auto fresh = signedIn();
        QVERIFY(fresh);
        QCOMPARE(peerDigest(*fresh), m_certificates.second().digest);
        // The old connection was not touched: same session, still answering.
        QVERIFY(old->isConnected());
        QCOMPARE(peerDigest(*old), m_certificates.first().digest);
        QVERIFY(old->roundTrip());
        QVERIFY(fresh->roundTrip());
    }

    void failedReloadKeepsTheCertificateInUse()
    {
        // A renewal caught halfway: the second certificate with the first key.
        QVERIFY(TestCertificates::install(m_certificates.second(), m_fullchain, m_key));
        QVERIFY(copy(m_certificates.first().key, m_key));
        const QString mismatch = m_server->reloadTls();
        QVERIFY2(mismatch.contains(u"do not work together"_s), qPrintable(mismatch));
        // A file that is not a certificate at all.
        QVERIFY(writeFile(m_fullchain, "not a certificate\n"));
        const QString garbage = m_server->reloadTls();
        QVERIFY2(garbage.contains(u"No PEM certificate"_s), qPrintable(garbage));
        // A missing key.
        QVERIFY(QFile::remove(m_key));
        QVERIFY(m_server->reloadTls().contains(u"Cannot read the TLS key"_s));

        auto client = signedIn();
        QVERIFY(client);
        QCOMPARE(peerDigest(*client), m_certificates.first().digest);
    }

    void anchorOutlivedEveryReload()
    {
        QVERIFY(m_anchor->isConnected());
        QVERIFY(m_anchor->roundTrip());
        QCOMPARE(peerDigest(*m_anchor), m_certificates.first().digest);
    }

private:
    static QByteArray peerDigest(WsTestClient& client)
    {
        return client.socket().sslConfiguration().peerCertificate().digest(
            QCryptographicHash::Sha256);
    }

    std::unique_ptr<WsTestClient> signedIn()
    {
        auto client = std::make_unique<WsTestClient>();
        client->socket().setSslConfiguration(m_certificates.clientConfiguration());
        if (!client->open(m_server->url()) || !client->login(u"alice"_s, u"a"_s))
            return nullptr;
        return client;
    }

    int connections() { return countOn(*m_server); }

    static int countOn(TestServer& server)
    {
        int count = -1;
        server.inServerThread([&count](server::Server& running) {
            count = running.sharedLimits()->admission.connections();
        });
        return count;
    }

    quint64 handshakeHits()
    {
        quint64 hits = 0;
        m_server->inServerThread([&hits](server::Server& server) {
            hits = server.hub()->offenders().hits(u"tls-handshake"_s);
        });
        return hits;
    }

    static bool writeFile(const QString& path, const QByteArray& contents)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(contents) == contents.size();
    }

    static bool copy(const QString& from, const QString& to)
    {
        QFile source(from);
        return source.open(QIODevice::ReadOnly) && writeFile(to, source.readAll());
    }

    TestCertificates m_certificates;
    QString m_fullchain;
    QString m_key;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<WsTestClient> m_anchor;
};

QTEST_GUILESS_MAIN(TestTlsServer)
#include "tst_tlsserver.moc"
