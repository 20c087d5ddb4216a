#include "rawwsclient.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// The server pings idle connections: one that answers (QWebSocket does by itself) stays, one
/// that never answers (a half-open socket, here a raw client that ignores pings) is dropped.
class TestLiveness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void silentPeerIsDropped()
    {
        TestServer::Options options;
        options.pingIntervalMs = 100;
        TestServer server(options);
        QVERIFY2(server.start(), qPrintable(server.errorString()));

        WsTestClient healthy;
        QVERIFY(healthy.open(server.url()));
        RawWsClient silent;
        QCOMPARE(silent.open(server.port()), 101);

        // The event loop runs here: QWebSocket answers pings, the raw client never does.
        QTRY_VERIFY_WITH_TIMEOUT(!silent.isConnected(), 5000);
        QVERIFY(healthy.isConnected());
        healthy.send(Ping { u"still"_s });
        QCOMPARE(healthy.waitFor<Pong>()->id, u"still"_s);
    }
};

QTEST_GUILESS_MAIN(TestLiveness)
#include "tst_liveness.moc"
