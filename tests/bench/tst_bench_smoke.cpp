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
#include "serverbinary.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
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
    /// Starts a program that prints `listening PORT` (a peer, palaver-fakeupstream) and returns
    /// the port; 0 (and a failed test saying what it printed) when it did not within 10 s.
    quint16 startListening(QProcess& process, const QString& program, const QStringList& arguments)
    {
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(program, arguments);
        static const QRegularExpression listening(u"listening (\\d+)"_s);
        QByteArray said;
        QDeadlineTimer deadline(10000);
        quint16 port = 0;
        while (!port && !deadline.hasExpired() && process.state() != QProcess::NotRunning) {
            process.waitForReadyRead(100);
            said += process.readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(said));
            if (match.hasMatch())
                port = match.captured(1).toUShort();
        }
        if (!port)
            QTest::qFail(qPrintable(program + u" did not start: "_s + QString::fromUtf8(said)
                             + QString::fromUtf8(process.readAllStandardError())),
                __FILE__, __LINE__);
        return port;
    }

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

    /// Runs palaver-loadgen with `arguments` and reads its one row into `row` (`described`: the
    /// command and everything it wrote, for a failure message). The event loop runs meanwhile:
    /// it drains the servers' output, and serves a FaultyRawServer.
    void runLoadgen(const QStringList& arguments, QJsonObject* row, QString* described)
    {
        QProcess loadgen;
        loadgen.start(QStringLiteral(PALAVER_LOADGEN), arguments);
        QVERIFY2(loadgen.waitForStarted(), qPrintable(loadgen.errorString()));
        // The load generator bounds every phase itself (--timeout, 30 s by default); this only
        // catches a hang of its own.
        if (!QTest::qWaitFor(
                [&loadgen] { return loadgen.state() == QProcess::NotRunning; }, 120000)) {
            loadgen.kill();
            loadgen.waitForFinished();
            QFAIL(qPrintable(u"palaver-loadgen did not finish: "_s + arguments.join(u' ')));
        }
        const QByteArray out = loadgen.readAllStandardOutput().trimmed();
        *described = arguments.join(u' ') + u"\n"_s + QString::fromUtf8(out)
            + QString::fromUtf8(loadgen.readAllStandardError());
        QVERIFY2(!out.isEmpty() && !out.contains('\n'),
            qPrintable(u"one row expected: "_s + *described));
        QJsonParseError error;
        *row = QJsonDocument::fromJson(out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(*described));
        // Exit status 0 for a valid row, 1 for an invalid one.
        QCOMPARE(loadgen.exitCode(), row->value(u"valid"_s).toBool() ? 0 : 1);
        qInfo("%s", out.constData());
    }

    /// Runs palaver-loadgen and checks that its row is valid and measured something.
    void expectValid(const QStringList& arguments)
    {
        QJsonObject row;
        QString described;
        runLoadgen(arguments, &row, &described);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(row.value(u"valid"_s).toBool(), qPrintable(described));
        QVERIFY2(row.value(u"reason"_s).toString().isEmpty(), qPrintable(described));
        const QJsonObject figures = row.value(u"figures"_s).toObject();
        const QString scenario = row.value(u"scenario"_s).toString();
        static const QHash<QString, QString> measured { { u"fanout"_s, u"deliveries_per_s"_s },
            { u"echo"_s, u"round_trips_per_s"_s }, { u"idle"_s, u"idle_tax"_s },
            { u"store"_s, u"stored_per_s"_s }, { u"relay"_s, u"tokens_per_s"_s } };
        QVERIFY2(figures.value(measured.value(scenario)).toDouble() > 0, qPrintable(described));
        if (scenario != "idle"_L1) {
            const QString count = scenario == "echo"_L1 ? u"round_trips"_s
                : scenario == "relay"_L1                ? u"tokens"_s
                                                        : u"delivered"_s;
            QCOMPARE(
                figures.value(count).toInteger(-1), figures.value(u"expected"_s).toInteger(-2));
        }
    }
};

QTEST_GUILESS_MAIN(TestBenchSmoke)
#include "tst_bench_smoke.moc"
