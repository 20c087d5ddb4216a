#include "session/serverurl.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

/// What people type as a server address, turned into the WebSocket URL.
class TstServerUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalise_data();
    void normalise();
};

void TstServerUrl::normalise_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::newRow("full") << u"ws://127.0.0.1:8765/v1/ws"_s << u"ws://127.0.0.1:8765/v1/ws"_s;
    QTest::newRow("host:port") << u"127.0.0.1:8765"_s << u"ws://127.0.0.1:8765/v1/ws"_s;
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

QTEST_GUILESS_MAIN(TstServerUrl)
#include "tst_serverurl.moc"
