// The [limits] section of the config file: every key reaches its field, bad values are refused
// with a message naming the key, and the command line reads it.
#include "app/commandline.h"
#include "app/limitsconfigreader.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
QString writeIni(const QTemporaryDir& dir, const QByteArray& contents)
{
    const QString path = dir.filePath(u"palaver.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(contents);
    return path;
}
} // namespace

class TestLimitsConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsEveryGroup()
    {
        QTemporaryDir dir;
        const QString path = writeIni(dir, R"([limits]
max-connections = 50
max-connections-per-ip = 7
max-sessions-per-user = 3
pre-auth-timeout-ms = 2000
max-queued-bytes = 65536
send-budget-bytes = 1048576
trusted-proxies = 127.0.0.1, 10.0.0.0/8
allowed-origins = https://chat.example.com/, http://localhost:5173
max-pending-sign-ins = 4
free-failed-sign-ins-per-account = 2
sign-in-max-backoff-ms = 60000
messages-per-minute = 10
messages-burst = 3
typing-per-minute = 0
max-running-replies-per-user = 1
max-reply-bytes = 65536
max-owned-rooms = 5
leave-block-hours = 1
)");
        const CommandLine c = CommandLine::parse({ u"palaver-server"_s, u"--config"_s, path }, {});
        QCOMPARE(c.action, CommandLine::Action::Serve);
        const ServerLimits& l = c.config.serverLimits;
        QCOMPARE(l.connections.maxConnections, 50);
        QCOMPARE(l.connections.maxConnectionsPerIp, 7);
        QCOMPARE(l.connections.maxSessionsPerUser, 3);
        QCOMPARE(l.connections.preAuthTimeoutMs, 2000);
        QCOMPARE(l.connections.maxQueuedBytes, 65536);
        QCOMPARE(l.connections.sendBudgetBytes, 1048576);
        QCOMPARE(l.connections.trustedProxies.size(), 2);
        QVERIFY(QHostAddress(u"10.9.8.7"_s).isInSubnet(l.connections.trustedProxies.at(1)));
        QCOMPARE(l.connections.allowedOrigins,
            (QStringList { u"https://chat.example.com"_s, u"http://localhost:5173"_s }));
        QCOMPARE(l.signIn.maxPendingHashes, 4);
        QCOMPARE(l.signIn.freeFailuresPerAccount, 2);
        QCOMPARE(l.signIn.maxBackoffMs, 60000);
        QCOMPARE(l.requests.messages, (RateLimit { 3, 10 }));
        QVERIFY(!l.requests.typing.enabled());
        QCOMPARE(l.generations.maxRunningPerUser, 1);
        QCOMPARE(l.generations.maxReplyBytes, 65536);
        QCOMPARE(l.rooms.maxOwnedRooms, 5);
        QCOMPARE(l.rooms.leaveBlockHours, 1);
        // Untouched keys keep their defaults.
        QCOMPARE(l.connections.maxPreAuthPerIp, ConnectionLimits {}.maxPreAuthPerIp);
    }

    void olderServerKeyStillRead()
    {
        QTemporaryDir dir;
        const QString path = writeIni(dir, "[server]\nmax-queued-bytes = 123456\n");
        const CommandLine c = CommandLine::parse({ u"palaver-server"_s, u"--config"_s, path }, {});
        QCOMPARE(c.config.serverLimits.connections.maxQueuedBytes, 123456);
    }

    void badValues_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("key");
        QTest::newRow("not a number")
            << QByteArray("[limits]\nmax-connections = many\n") << u"max-connections"_s;
        QTest::newRow("below the minimum")
            << QByteArray("[limits]\nmax-sessions-per-user = 0\n") << u"max-sessions-per-user"_s;
        QTest::newRow("negative") << QByteArray("[limits]\nmessages-per-minute = -1\n")
                                  << u"messages-per-minute"_s;
        QTest::newRow("too big for an int")
            << QByteArray("[limits]\nmax-owned-rooms = 99999999999\n") << u"max-owned-rooms"_s;
        QTest::newRow("bad subnet")
            << QByteArray("[limits]\ntrusted-proxies = 10.0.0.0/99\n") << u"trusted-proxies"_s;
    }

    void badValues()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QString, key);
        QTemporaryDir dir;
        const QString path = writeIni(dir, ini);
        const CommandLine c = CommandLine::parse({ u"palaver-server"_s, u"--config"_s, path }, {});
        QCOMPARE(c.action, CommandLine::Action::Error);
        QVERIFY2(c.error.contains(key), qPrintable(c.error));
    }
};

QTEST_GUILESS_MAIN(TestLimitsConfig)
#include "tst_limitsconfig.moc"
