#include "net/tlstrust.h"
#include "session/serverurl.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

using palaver::client::ServerAddress;

/// What people type as a server address, turned into the WebSocket URLs to try.
class TstServerUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalise_data();
    void normalise();
    void loopback_data();
    void loopback();
    void candidates_data();
    void candidates();
    void keys();
};

void TstServerUrl::normalise_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("full") << u"ws://127.0.0.1:8765/v1/ws"_s << u"ws://127.0.0.1:8765/v1/ws"_s;
    QTest::newRow("loopback host:port") << u"127.0.0.1:8765"_s << u"ws://127.0.0.1:8765/v1/ws"_s;
    QTest::newRow("host:port") << u"chat.example:8765"_s << u"wss://chat.example:8765/v1/ws"_s;
    QTest::newRow("host") << u"chat.example.com"_s << u"wss://chat.example.com/v1/ws"_s;
    QTest::newRow("host with path")
        << u"example.org/palaver/v1/ws"_s << u"wss://example.org/palaver/v1/ws"_s;
    QTest::newRow("ipv6 loopback") << u"[::1]:8765"_s << u"ws://[::1]:8765/v1/ws"_s;
    QTest::newRow("ipv6") << u"[2001:db8::1]:8765"_s << u"wss://[2001:db8::1]:8765/v1/ws"_s;
    QTest::newRow("explicit ws kept")
        << u"ws://chat.example:8765"_s << u"ws://chat.example:8765/v1/ws"_s;
    QTest::newRow("explicit wss to loopback kept")
        << u"wss://localhost:8765"_s << u"wss://localhost:8765/v1/ws"_s;
    QTest::newRow("upper-case scheme")
        << u"HTTPS://chat.example"_s << u"wss://chat.example/v1/ws"_s;
    QTest::newRow("http") << u"http://chat.example:8765"_s << u"ws://chat.example:8765/v1/ws"_s;
    QTest::newRow("https slash") << u"https://chat.example/"_s << u"wss://chat.example/v1/ws"_s;
    QTest::newRow("spaces") << u"  localhost:1 "_s << u"ws://localhost:1/v1/ws"_s;
    QTest::newRow("other path kept") << u"wss://h/palaver/ws"_s << u"wss://h/palaver/ws"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("ftp") << u"ftp://h:21"_s << QString();
    QTest::newRow("no host") << u"ws://:8765"_s << QString();
}

void TstServerUrl::normalise()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto url = palaver::client::normaliseServerUrl(input);
    QCOMPARE(url.has_value(), !expected.isEmpty());
    if (url)
        QCOMPARE(url->toString(), expected);
}

void TstServerUrl::loopback_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("localhost") << u"localhost"_s << true;
    QTest::newRow("LOCALHOST") << u"LOCALHOST"_s << true;
    QTest::newRow("dev.localhost") << u"dev.localhost"_s << true;
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << true;
    QTest::newRow("127.9.8.7") << u"127.9.8.7"_s << true;
    QTest::newRow("::1") << u"::1"_s << true;
    QTest::newRow("mapped") << u"::ffff:127.0.0.1"_s << true;
    QTest::newRow("lan") << u"192.168.1.5"_s << false;
    QTest::newRow("128.0.0.1") << u"128.0.0.1"_s << false;
    QTest::newRow("name") << u"chat.example.com"_s << false;
    QTest::newRow("localhost.example.com") << u"localhost.example.com"_s << false;
    QTest::newRow("other v6") << u"::2"_s << false;
}

void TstServerUrl::loopback()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(palaver::client::isLoopbackHost(host), loopback);
    QCOMPARE(palaver::client::isUnencryptedRemote(QUrl(u"ws://x/v1/ws"_s.replace(
                 u"x"_s, host.contains(u':') ? u'[' + host + u']' : host))),
        !loopback);
    QVERIFY(!palaver::client::isUnencryptedRemote(QUrl(u"wss://chat.example/v1/ws"_s)));
}

void TstServerUrl::candidates_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("remembered");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("no scheme: wss then ws")
        << u"chat.example:8765"_s << QString()
        << QStringList { u"wss://chat.example:8765/v1/ws"_s, u"ws://chat.example:8765/v1/ws"_s };
    QTest::newRow("plain before: still wss first")
        << u"chat.example:8765"_s << u"ws"_s
        << QStringList { u"wss://chat.example:8765/v1/ws"_s, u"ws://chat.example:8765/v1/ws"_s };
    QTest::newRow("TLS before: never downgraded")
        << u"chat.example:8765"_s << u"wss"_s << QStringList { u"wss://chat.example:8765/v1/ws"_s };
    QTest::newRow("loopback: ws only")
        << u"127.0.0.1:8765"_s << QString() << QStringList { u"ws://127.0.0.1:8765/v1/ws"_s };
    QTest::newRow("loopback with TLS before")
        << u"localhost:8765"_s << u"wss"_s << QStringList { u"wss://localhost:8765/v1/ws"_s };
    QTest::newRow("explicit ws: as given") << u"ws://chat.example:8765"_s << u"wss"_s
                                           << QStringList { u"ws://chat.example:8765/v1/ws"_s };
    QTest::newRow("explicit https: wss only")
        << u"https://chat.example"_s << QString() << QStringList { u"wss://chat.example/v1/ws"_s };
}

void TstServerUrl::candidates()
{
    QFETCH(QString, typed);
    QFETCH(QString, remembered);
    QFETCH(QStringList, expected);
    const auto address = palaver::client::parseServerAddress(typed);
    QVERIFY(address);
    QStringList urls;
    for (const QUrl& url : palaver::client::connectCandidates(*address, remembered))
        urls << url.toString();
    QCOMPARE(urls, expected);
}

void TstServerUrl::keys()
{
    using palaver::client::addressKey;
    const auto endpointKey = &palaver::client::TlsTrust::endpointOf;
    QCOMPARE(addressKey(QUrl(u"wss://Chat.Example:8765/v1/ws"_s)), u"chat.example:8765"_s);
    QCOMPARE(addressKey(QUrl(u"ws://chat.example:8765/v1/ws"_s)), u"chat.example:8765"_s);
    QCOMPARE(addressKey(QUrl(u"wss://chat.example/v1/ws"_s)), u"chat.example:"_s);
    QCOMPARE(endpointKey(QUrl(u"wss://chat.example/v1/ws"_s)), u"chat.example:443"_s);
    QCOMPARE(endpointKey(QUrl(u"ws://chat.example/v1/ws"_s)), u"chat.example:80"_s);
    QCOMPARE(endpointKey(QUrl(u"wss://chat.example:8765/v1/ws"_s)), u"chat.example:8765"_s);
}

QTEST_GUILESS_MAIN(TstServerUrl)
#include "tst_serverurl.moc"
