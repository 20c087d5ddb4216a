#include "net/httprequest.h"

#include <QTest>

using namespace palaver::server;

class TestHttpRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesCompleteHead()
    {
        HttpRequestHead head;
        const QByteArray bytes
            = "GET /v1/ws?x=1 HTTP/1.1\r\nHost: a\r\nUpgrade: WebSocket\r\n"
              "Sec-WebSocket-Protocol: foo\r\nSec-WebSocket-Protocol: palaver.v1\r\n\r\n";
        QCOMPARE(HttpRequestHead::parse(bytes, &head), HttpRequestHead::Parse::Complete);
        QCOMPARE(head.method, QByteArray("GET"));
        QCOMPARE(head.path, QByteArray("/v1/ws"));
        QCOMPARE(head.header("upgrade"), QByteArray("WebSocket"));
        QCOMPARE(head.header("sec-websocket-protocol"), QByteArray("foo, palaver.v1"));
        QCOMPARE(routeFor(head, "palaver.v1"), Route::WebSocket);
    }

    void incompleteAndInvalid()
    {
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse("GET /healthz HTTP/1.1\r\nHost", &head),
            HttpRequestHead::Parse::Incomplete);
        QCOMPARE(HttpRequestHead::parse("hello there\r\n", &head), HttpRequestHead::Parse::Invalid);
        QCOMPARE(
            HttpRequestHead::parse(QByteArray(9000, 'a'), &head), HttpRequestHead::Parse::Invalid);
        QCOMPARE(HttpRequestHead::parse("GET / HTTP/1.1\r\nno colon\r\n\r\n", &head),
            HttpRequestHead::Parse::Invalid);
        // A header name is a token: not blank, no space before the colon, no control bytes
        // (found by tests/fuzz/fuzz_httphead).
        for (const QByteArray& line :
            { QByteArray(" : x"), QByteArray("Host : x"), QByteArray("\r: x"),
                QByteArray("Ho\0st: x", 9), QByteArray(" Host: x"), QByteArray("Hö: x") })
            QCOMPARE(HttpRequestHead::parse("GET / HTTP/1.1\r\n" + line + "\r\n\r\n", &head),
                HttpRequestHead::Parse::Invalid);
        QCOMPARE(HttpRequestHead::parse("GET / HTTP/1.1\r\nX-A_b.c~1: x\r\n\r\n", &head),
            HttpRequestHead::Parse::Complete);
        QCOMPARE(head.header("x-a_b.c~1"), QByteArray("x"));
    }

    // A head that fits the bound is accepted whether or not its last bytes come in a later read
    // (found by tests/fuzz/fuzz_httphead).
    void headEndingInALaterRead()
    {
        const QByteArray whole
            = "GET /healthz HTTP/1.1\r\nHost: " + QByteArray(34, 'h') + "\r\n\r\n";
        const qsizetype maxBytes = whole.size() - 4; // the head exactly at the bound
        HttpRequestHead head;
        for (qsizetype cut = whole.size() - 3; cut < whole.size(); ++cut)
            QCOMPARE(HttpRequestHead::parse(whole.left(cut), &head, maxBytes),
                HttpRequestHead::Parse::Incomplete);
        QCOMPARE(HttpRequestHead::parse(whole, &head, maxBytes), HttpRequestHead::Parse::Complete);
        QCOMPARE(
            HttpRequestHead::parse(whole, &head, maxBytes - 1), HttpRequestHead::Parse::Invalid);
        QCOMPARE(HttpRequestHead::parse(whole.left(whole.size() - 1) + 'x', &head, maxBytes),
            HttpRequestHead::Parse::Invalid);
    }

    void routes_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<Route>("route");
        QTest::newRow("health") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << Route::Health;
        QTest::newRow("health post")
            << QByteArray("POST /healthz HTTP/1.1\r\n\r\n") << Route::MethodNotAllowed;
        QTest::newRow("unknown") << QByteArray("GET /nope HTTP/1.1\r\n\r\n") << Route::NotFound;
        QTest::newRow("ws without upgrade")
            << QByteArray("GET /v1/ws HTTP/1.1\r\n\r\n") << Route::UpgradeRequired;
        QTest::newRow("no subprotocol")
            << QByteArray("GET /v1/ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n") << Route::WebSocket;
        QTest::newRow("other subprotocols") << QByteArray(
            "GET /v1/ws HTTP/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: a, b\r\n\r\n")
                                            << Route::BadSubprotocol;
    }

    void routes()
    {
        QFETCH(QByteArray, request);
        QFETCH(Route, route);
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse(request, &head), HttpRequestHead::Parse::Complete);
        QCOMPARE(routeFor(head, "palaver.v1"), route);
    }

    void response()
    {
        const QByteArray answer = httpResponse(200, "OK", "ok");
        QVERIFY(answer.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(answer.contains("Content-Length: 2\r\n"));
        QVERIFY(answer.endsWith("\r\n\r\nok"));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "tst_httprequest.moc"
