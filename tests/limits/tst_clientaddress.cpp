// Whose address a connection counts as (X-Forwarded-For / Forwarded only from trusted proxies),
// and which browser origins may open the socket.
#include "app/limitsconfigreader.h"
#include "net/clientaddress.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
HttpRequestHead headWith(const QByteArray& headers)
{
    HttpRequestHead head;
    const QByteArray request = "GET /v1/ws HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
    if (HttpRequestHead::parse(request, &head) != HttpRequestHead::Parse::Complete)
        qFatal("bad test request");
    return head;
}

QList<QPair<QHostAddress, int>> subnets(const QString& text)
{
    QList<QPair<QHostAddress, int>> result;
    if (!limitsconfigreader::parseSubnets(text, &result))
        qFatal("bad test subnets");
    return result;
}
} // namespace

class TestClientAddress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientAddress_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QString>("trusted");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no proxy configured: the header is a lie")
            << u"203.0.113.9"_s << QByteArray("X-Forwarded-For: 10.1.1.1\r\n") << QString()
            << u"203.0.113.9"_s;
        QTest::newRow("untrusted peer")
            << u"203.0.113.9"_s << QByteArray("X-Forwarded-For: 10.1.1.1\r\n") << u"127.0.0.1"_s
            << u"203.0.113.9"_s;
        QTest::newRow("trusted proxy")
            << u"127.0.0.1"_s << QByteArray("X-Forwarded-For: 198.51.100.7\r\n") << u"127.0.0.1"_s
            << u"198.51.100.7"_s;
        QTest::newRow("client-written entry left of the real one")
            << u"127.0.0.1"_s << QByteArray("X-Forwarded-For: 1.1.1.1, 198.51.100.7\r\n")
            << u"127.0.0.1"_s << u"198.51.100.7"_s;
        QTest::newRow("two trusted hops")
            << u"10.0.0.2"_s << QByteArray("X-Forwarded-For: 198.51.100.7, 10.0.0.3\r\n")
            << u"10.0.0.0/8"_s << u"198.51.100.7"_s;
        QTest::newRow("several header lines")
            << u"127.0.0.1"_s
            << QByteArray("X-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 198.51.100.8\r\n")
            << u"127.0.0.1"_s << u"198.51.100.8"_s;
        QTest::newRow("Forwarded, IPv6 with port")
            << u"127.0.0.1"_s << QByteArray("Forwarded: for=\"[2001:db8::7]:4711\";proto=https\r\n")
            << u"127.0.0.1"_s << u"2001:db8::7"_s;
        QTest::newRow("Forwarded wins over X-Forwarded-For")
            << u"127.0.0.1"_s
            << QByteArray("Forwarded: for=198.51.100.1\r\nX-Forwarded-For: 198.51.100.2\r\n")
            << u"127.0.0.1"_s << u"198.51.100.1"_s;
        QTest::newRow("IPv4 with port")
            << u"127.0.0.1"_s << QByteArray("X-Forwarded-For: 198.51.100.7:5555\r\n")
            << u"127.0.0.1"_s << u"198.51.100.7"_s;
        QTest::newRow("garbage stops at the proxy")
            << u"127.0.0.1"_s << QByteArray("X-Forwarded-For: not-an-address\r\n") << u"127.0.0.1"_s
            << u"127.0.0.1"_s;
        QTest::newRow("mapped peer")
            << u"::ffff:127.0.0.1"_s << QByteArray("X-Forwarded-For: 198.51.100.7\r\n")
            << u"127.0.0.1"_s << u"198.51.100.7"_s;
        QTest::newRow("no header from the proxy")
            << u"127.0.0.1"_s << QByteArray() << u"127.0.0.1"_s << u"127.0.0.1"_s;
    }

    void clientAddress()
    {
        QFETCH(QString, peer);
        QFETCH(QByteArray, headers);
        QFETCH(QString, trusted);
        QFETCH(QString, expected);
        QCOMPARE(
            palaver::server::clientAddress(QHostAddress(peer), headWith(headers), subnets(trusted)),
            QHostAddress(expected));
    }

    void origins()
    {
        const QStringList allowed { u"https://chat.example.com"_s };
        QVERIFY(originAllowed(headWith({}), {})); // native clients send no Origin
        QVERIFY(!originAllowed(headWith("Origin: https://evil.example\r\n"), allowed));
        QVERIFY(!originAllowed(headWith("Origin: null\r\n"), allowed));
        QVERIFY(!originAllowed(headWith("Origin: https://chat.example.com\r\n"), {}));
        QVERIFY(originAllowed(headWith("Origin: https://Chat.Example.com/\r\n"), allowed));
        QVERIFY(!originAllowed(headWith("Origin: https://chat.example.com:444\r\n"), allowed));
    }

    void badSubnets()
    {
        QList<QPair<QHostAddress, int>> result;
        QVERIFY(!limitsconfigreader::parseSubnets(u"10.0.0.0/8, nonsense"_s, &result));
        result.clear();
        QVERIFY(limitsconfigreader::parseSubnets(u"10.0.0.0/8, ::1"_s, &result));
        QCOMPARE(result.size(), 2);
        QCOMPARE(result.at(1).second, 128);
    }
};

QTEST_GUILESS_MAIN(TestClientAddress)
#include "tst_clientaddress.moc"
