// The benchmark suite, end to end and in seconds: the real palaver-server (its own data dir,
// seeded by `bench-seed`, limits lifted by bench/palaver-bench.ini) driven by palaver-loadgen in
// each scenario. Every row must say "valid": every expected message arrived once, in order and
// intact. Timings are never asserted: this machine is shared and they would only make it flaky.
// And the verdict is checked too: against a FaultyRawServer that loses, repeats or garbles one
// message, the row must be invalid and say why.
//
// Hook for the peers (bench/peers/, built by bench/peers/build.sh OUTDIR): with
// PALAVER_BENCH_PEERS_DIR=OUTDIR in the environment, peers() starts each peer found there and
// runs the same scenarios against it in its dialect; without it, peers() is skipped.

#include "faultyrawserver.h"
#include "loadgenrun.h"
#include "serverbinary.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

QString serverPath()
{
    return QDir(QStringLiteral(PALAVER_BIN_DIR)).filePath(u"palaver-server"_s);
}

/// A few seconds of each scenario; `target` and the dialect's own options come first.
QList<QStringList> smokeRuns()
{
    return {
        { u"--scenario"_s, u"fanout"_s, u"--connections"_s, u"10"_s, u"--messages"_s, u"200"_s,
            u"--warmup"_s, u"20"_s },
        { u"--scenario"_s, u"fanout"_s, u"--connections"_s, u"10"_s, u"--messages"_s, u"200"_s,
            u"--warmup"_s, u"20"_s, u"--in-flight"_s, u"8"_s, u"--body-bytes"_s, u"300"_s },
        { u"--scenario"_s, u"echo"_s, u"--connections"_s, u"5"_s, u"--messages"_s, u"100"_s,
            u"--warmup"_s, u"10"_s },
        { u"--scenario"_s, u"idle"_s, u"--connections"_s, u"50"_s, u"--idle-seconds"_s, u"1"_s,
            u"--busy-seconds"_s, u"0.5"_s, u"--warmup"_s, u"20"_s },
    };
}

/// A peer as bench/peers/README.md describes it: `COMMAND… PORT` (0: any free port), prints
/// `listening PORT` on standard output, ends on SIGTERM.
struct Peer
{
    QString name;
    QString dialect;
    QString program;
    QStringList arguments;
};

} // namespace

class TestBenchSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void palaver()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerBinary server(serverPath(), dir.filePath(u"data"_s));
        const QString tokens = dir.filePath(u"tokens"_s);
        QString output;
        // 60 users: the idle run's 10 busy clients and 50 idle ones each sign in as their own.
        QCOMPARE(
            server.runCommand({ u"bench-seed"_s, u"--users"_s, u"60"_s, u"--prefix"_s, u"smoke"_s,
                                  u"--room"_s, u"smoke"_s, u"--tokens-out"_s, tokens },
                {}, &output),
            0);
        QVERIFY2(server.start({ u"--config"_s, QStringLiteral(PALAVER_BENCH_INI) }),
            qPrintable(server.errorString()));
        const QStringList common { u"--dialect"_s, u"palaver"_s, u"--target"_s,
            u"127.0.0.1:%1"_s.arg(server.port()), u"--tokens"_s, tokens, u"--server-pid"_s,
            QString::number(server.process().processId()) };
        for (const QStringList& run : smokeRuns()) {
            expectValid(common + run);
            if (QTest::currentTestFailed())
                return;
        }
        server.terminate();
        QVERIFY(server.waitForExit());
    }

    /// store: three rooms of four members, a sender in each keeping four sends in flight.
    void palaverStore()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerBinary server(serverPath(), dir.filePath(u"data"_s));
        const QString tokens = dir.filePath(u"tokens"_s);
        QCOMPARE(
            server.runCommand({ u"bench-seed"_s, u"--users"_s, u"12"_s, u"--prefix"_s, u"store"_s,
                u"--room"_s, u"store"_s, u"--rooms"_s, u"3"_s, u"--tokens-out"_s, tokens }),
            0);
        QVERIFY2(server.start({ u"--config"_s, QStringLiteral(PALAVER_BENCH_INI) }),
            qPrintable(server.errorString()));
        expectValid({ u"--dialect"_s, u"palaver"_s, u"--target"_s,
            u"127.0.0.1:%1"_s.arg(server.port()), u"--tokens"_s, tokens, u"--server-pid"_s,
            QString::number(server.process().processId()), u"--scenario"_s, u"store"_s,
            u"--rooms"_s, u"3"_s, u"--connections"_s, u"12"_s, u"--in-flight"_s, u"4"_s,
            u"--messages"_s, u"60"_s, u"--warmup"_s, u"6"_s });
        if (QTest::currentTestFailed())
            return;
        server.terminate();
        QVERIFY(server.waitForExit());
    }

    /// relay: five AI replies at once from palaver-fakeupstream, each of 20 tokens.
    void palaverRelay()
    {
        QProcess upstream;
        const quint16 upstreamPort
            = startListening(upstream, QStringLiteral(PALAVER_FAKEUPSTREAM), { u"0"_s });
        if (!upstreamPort)
            return;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerBinary server(serverPath(), dir.filePath(u"data"_s));
        const QString tokens = dir.filePath(u"tokens"_s);
        QCOMPARE(server.runCommand({ u"bench-seed"_s, u"--users"_s, u"3"_s, u"--prefix"_s,
                     u"relay"_s, u"--tokens-out"_s, tokens }),
            0);
        QVERIFY2(server.start({ u"--config"_s, QStringLiteral(PALAVER_BENCH_INI), u"--llm-kind"_s,
                     u"openai"_s, u"--llm-url"_s, u"http://127.0.0.1:%1/v1"_s.arg(upstreamPort),
                     u"--llm-model"_s, u"fake"_s }),
            qPrintable(server.errorString()));
        // Five streams over three users: several replies per user, events on all their connections.
        expectValid({ u"--dialect"_s, u"palaver"_s, u"--target"_s,
            u"127.0.0.1:%1"_s.arg(server.port()), u"--tokens"_s, tokens, u"--server-pid"_s,
            QString::number(server.process().processId()), u"--scenario"_s, u"relay"_s,
            u"--connections"_s, u"5"_s, u"--reply-tokens"_s, u"20"_s, u"--tokens-per-second"_s,
            u"200"_s });
        server.terminate();
        QVERIFY(server.waitForExit());
        upstream.terminate();
        QVERIFY(upstream.waitForFinished(10000));
    }

    /// The verdict is worth something: a server that loses, repeats or garbles one message
    /// gets an invalid row that says what went wrong (and a faultless one a valid row).
    void noticesFaults_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("reason");
        using Fault = FaultyRawServer::Fault;
        QTest::newRow("none") << int(Fault::None) << u"fanout"_s << QString();
        QTest::newRow("drop") << int(Fault::Drop) << u"fanout"_s << u"no progress"_s;
        QTest::newRow("duplicate") << int(Fault::Duplicate) << u"fanout"_s << u"(order or loss)"_s;
        QTest::newRow("corrupt") << int(Fault::Corrupt) << u"fanout"_s << u"corrupt payload"_s;
        QTest::newRow("wrong echo")
            << int(Fault::WrongEcho) << u"echo"_s << u"wrong or corrupt answer"_s;
    }

    void noticesFaults()
    {
        QFETCH(int, fault);
        QFETCH(QString, scenario);
        QFETCH(QString, reason);
        FaultyRawServer server { FaultyRawServer::Fault(fault) };
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QJsonObject row;
        QString described;
        runLoadgen(
            { u"--dialect"_s, u"raw"_s, u"--target"_s, u"127.0.0.1:%1"_s.arg(server.serverPort()),
                u"--scenario"_s, scenario, u"--connections"_s, u"3"_s, u"--messages"_s, u"10"_s,
                u"--warmup"_s, u"2"_s, u"--timeout"_s, u"1"_s },
            &row, &described);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(row.value(u"valid"_s).toBool(), reason.isEmpty());
        QVERIFY2(row.value(u"reason"_s).toString().contains(reason), qPrintable(described));
    }

    void peers()
    {
        const QString outDir = qEnvironmentVariable("PALAVER_BENCH_PEERS_DIR");
        if (outDir.isEmpty())
            QSKIP("PALAVER_BENCH_PEERS_DIR is not set (bench/peers/build.sh OUTDIR builds them)");
        const QDir out(outDir);
        const QList<Peer> peers {
            { u"node"_s, u"room"_s, u"node"_s, { out.filePath(u"node/server.js"_s) } },
            { u"gorilla"_s, u"room"_s, out.filePath(u"gorilla-server"_s), {} },
            { u"raw"_s, u"raw"_s, out.filePath(u"raw-server"_s), {} },
        };
        int ran = 0;
        for (const Peer& peer : peers) {
            const QString built = peer.arguments.isEmpty() ? peer.program : peer.arguments.first();
            if (!QFile::exists(built)) {
                qWarning(
                    "peer %s not built (%s missing)", qPrintable(peer.name), qPrintable(built));
                continue;
            }
            runPeer(peer);
            if (QTest::currentTestFailed())
                return;
            ++ran;
        }
        QVERIFY2(ran > 0, "PALAVER_BENCH_PEERS_DIR holds no peer");
    }

private:
    void runPeer(const Peer& peer)
    {
        QProcess process;
        const quint16 port
            = startListening(process, peer.program, peer.arguments + QStringList { u"0"_s });
        if (!port)
            return;
        const QStringList common { u"--dialect"_s, peer.dialect, u"--target"_s,
            u"127.0.0.1:%1"_s.arg(port), u"--server-pid"_s, QString::number(process.processId()),
            u"--label"_s, peer.name };
        for (const QStringList& run : smokeRuns()) {
            expectValid(common + run);
            if (QTest::currentTestFailed())
                break;
        }
        process.terminate();
        QVERIFY2(process.waitForFinished(10000), qPrintable(peer.name + u" ignored SIGTERM"_s));
    }
};

QTEST_GUILESS_MAIN(TestBenchSmoke)
#include "tst_bench_smoke.moc"
