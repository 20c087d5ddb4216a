// The send queue over TLS: the server counts a connection's queue until the kernel has taken the
// encrypted bytes (QSslSocket's bytesWritten only says they were encrypted into its own buffer,
// which grows without bound). A TLS client that keeps reading gets everything; one that stops
// reading while large replies come one at a time (each encrypted before the next, so only the
// kernel's progress can tell) is dropped, and the server's send budget comes back to zero.
#include "app/server.h"
#include "chat/hub.h"
#include "limits/sharedlimits.h"
#include "rawwsclient.h"
#include "testcertificates.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr qint64 queueLimit = 256 * 1024;
const QString bigText = QString(30000, u'a');
/// Big messages in the conversation: each history reply is about 240 KB.
constexpr int bigMessages = 8;
} // namespace

class TestTlsSlowReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_certificates.make(), qPrintable(m_certificates.errorString()));
        TestServer::Options options;
        options.tls = { m_certificates.first().fullchain, m_certificates.first().key };
        options.serverLimits.connections.maxQueuedBytes = queueLimit;
        // One worker: the stalled session and the barrier below share its thread, so each reply
        // is written (and encrypted) before the next one is asked for.
        options.workers = 1;
        m_server = std::make_unique<TestServer>(options);
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        QVERIFY(m_server->addUser(u"alice"_s, u"a"_s));
    }

    void cleanupTestCase() { m_server.reset(); }

    void readerGetsEverything()
    {
        WsTestClient client;
        client.socket().setSslConfiguration(m_certificates.clientConfiguration());
        QVERIFY(client.open(m_server->url()));
        QVERIFY(client.login(u"alice"_s, u"a"_s));
        const auto conv = client.createConversation(u"c"_s);
        QVERIFY(conv);
        for (int i = 0; i < bigMessages; ++i) {
            client.send(MessageSend { QString(), conv->convId, u"big-%1"_s.arg(i), bigText });
            QVERIFY(client.waitFor<GenerationEnd>(15000));
        }
        // Far more than the queue limit in total, each reply read before the next is asked for.
        const int requests = 40;
        for (int i = 0; i < requests; ++i) {
            client.send(HistoryRequest { u"h%1"_s.arg(i), conv->convId, std::nullopt, 50 });
            QVERIFY2(client.waitFor<HistoryReply>(10000), qPrintable(u"reply %1"_s.arg(i)));
        }
        QVERIFY(qint64(requests) * bigMessages * bigText.size() > 16 * queueLimit);
        QVERIFY(client.isConnected());
        QCOMPARE(drops(), quint64(0));
        m_convId = conv->convId;
    }

    void stalledReaderIsDropped()
    {
        QVERIFY(!m_convId.isEmpty());
        RawWsClient raw(m_certificates.root());
        QCOMPARE(raw.open(m_server->port()), 101);
        auto request
            = [&raw](const ClientMessage& message) { raw.sendFrame(0x1, encode(message)); };
        request(Login { u"l"_s, u"alice"_s, u"a"_s });
        const auto welcome = decodeServerMessage(raw.readTextFrame());
        QVERIFY(welcome.ok() && std::holds_alternative<Welcome>(*welcome.message));

        // A second connection of hers is the barrier: the hub serves a user's requests in order,
        // so when its answer is here the stalled one's reply was queued, one at a time.
        auto barrier = std::make_unique<WsTestClient>();
        barrier->socket().setSslConfiguration(m_certificates.clientConfiguration());
        QVERIFY(barrier->open(m_server->url()));
        QVERIFY(barrier->login(u"alice"_s, u"a"_s));

        // Stop reading, then ask for replies one by one until the server gives up on it: the
        // kernel buffers fill first (megabytes on loopback), then the queue passes its bound.
        const quint64 dropsBefore = drops();
        raw.setReadBufferSize(1024);
        int asked = 0;
        while (drops() == dropsBefore && asked < 200) {
            request(HistoryRequest { u"h%1"_s.arg(asked++), m_convId, std::nullopt, 50 });
            QVERIFY(barrier->roundTrip());
        }
        QCOMPARE(drops(), dropsBefore + 1);
        qInfo("dropped after %d replies of about %lld bytes", asked,
            qint64(bigMessages) * bigText.size());
        raw.setReadBufferSize(0);
        QVERIFY(raw.waitForDisconnected(10000));
        // What was queued for it (plaintext and encrypted) is released.
        QTRY_COMPARE_WITH_TIMEOUT(budgetUsed(), qint64(0), 5000);

        WsTestClient fresh;
        fresh.socket().setSslConfiguration(m_certificates.clientConfiguration());
        QVERIFY(fresh.open(m_server->url()));
        QVERIFY(fresh.login(u"alice"_s, u"a"_s));
    }

private:
    quint64 drops()
    {
        quint64 hits = 0;
        m_server->inServerThread([&hits](server::Server& server) {
            hits = server.hub()->offenders().hits(u"max-queued-bytes"_s);
        });
        return hits;
    }

    qint64 budgetUsed()
    {
        qint64 used = -1;
        m_server->inServerThread(
            [&used](server::Server& server) { used = server.sharedLimits()->sendBudget.used(); });
        return used;
    }

    TestCertificates m_certificates;
    std::unique_ptr<TestServer> m_server;
    QString m_convId;
};

QTEST_GUILESS_MAIN(TestTlsSlowReader)
#include "tst_tlsslowreader.moc"
