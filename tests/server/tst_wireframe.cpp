#include "net/wireframe.h"

#include <QTest>

using namespace palaver::server;

/// The server's pre-built text frames: the header RFC 6455 §5.2 asks for at each length
/// boundary (7-bit, 16-bit and 64-bit lengths), unmasked, FIN set, payload intact.
class TestWireFrame : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void header_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("empty") << 0 << QByteArray::fromHex("8100");
        QTest::newRow("125") << 125 << QByteArray::fromHex("817d");
        QTest::newRow("126") << 126 << QByteArray::fromHex("817e007e");
        QTest::newRow("65535") << 65535 << QByteArray::fromHex("817effff");
        QTest::newRow("65536") << 65536 << QByteArray::fromHex("817f0000000000010000");
    }
    void header()
    {
        QFETCH(int, size);
        QFETCH(QByteArray, header);
        const QByteArray payload(size, 'x');
        const QByteArray frame = textFrame(payload);
        QCOMPARE(frame.size(), header.size() + size);
        QCOMPARE(frame.first(header.size()), header);
        QCOMPARE(frame.sliced(header.size()), payload);
    }
};

QTEST_GUILESS_MAIN(TestWireFrame)
#include "tst_wireframe.moc"
