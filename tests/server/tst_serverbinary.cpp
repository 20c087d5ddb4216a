#include "wstestclient.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {
QString serverBinary()
{
    return QDir(QStringLiteral(PALAVER_BIN_DIR)).filePath(u"palaver-server"_s);
}
} // namespace

/// The real palaver-server binary: its user subcommands, --help, listening on port 0, a clean
/// exit on SIGTERM, and that it never links QtGui.
class TestServerBinary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(QFile::exists(serverBinary())); }

    void help()
    {
        QProcess process;
        process.start(serverBinary(), { u"--help"_s });
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        for (const char* option : { "--listen", "--data-dir", "--config", "--workers", "--llm-kind",
                 "--llm-url", "--llm-model", "--llm-temperature", "--llm-max-tokens",
                 "--llm-max-tokens-field", "--no-detect", "--demo-tokens-per-second",
                 "--shutdown-grace-ms", "--password-stdin", "user add", "PALAVER_LLM_API_KEY" })
            QVERIFY2(out.contains(QLatin1StringView(option)), option);
    }

    void userCommands()
    {
        QTemporaryDir dir;
        auto run = [&](const QStringList& args, const QByteArray& input = {}) {
            auto process = std::make_unique<QProcess>();
            process->start(serverBinary(), args + QStringList { u"--data-dir"_s, dir.path() });
            process->write(input);
            process->closeWriteChannel();
            process->waitForFinished(30000);
            return process;
        };
        auto added = run({ u"user"_s, u"add"_s, u"carol"_s, u"--password-stdin"_s }, "s3cret\n");
        QCOMPARE(added->exitCode(), 0);
        auto again = run({ u"user"_s, u"add"_s, u"carol"_s, u"--password-stdin"_s }, "other\n");
        QVERIFY(again->exitCode() != 0);
        QVERIFY(again->readAllStandardError().contains("already exists"));
        run({ u"user"_s, u"add"_s, u"dave"_s, u"--password-stdin"_s }, "pw\n");
        auto listed = run({ u"user"_s, u"list"_s });
        QCOMPARE(listed->exitCode(), 0);
        const QByteArray list = listed->readAllStandardOutput();
        QVERIFY(list.contains("carol\t"));
        QVERIFY(list.contains("dave\t"));
        QVERIFY(!list.contains("s3cret"));
        auto removed = run({ u"user"_s, u"remove"_s, u"dave"_s });
        QCOMPARE(removed->exitCode(), 0);
        const QByteArray after = run({ u"user"_s, u"list"_s })->readAllStandardOutput();
        QVERIFY(after.contains("carol\t"));
        QVERIFY(!after.contains("dave"));
        QVERIFY(run({ u"user"_s, u"remove"_s, u"dave"_s })->exitCode() != 0);
    }

    void servesAndStopsOnSigterm()
    {
        QTemporaryDir dir;
        QProcess add;
        add.start(serverBinary(),
            { u"user"_s, u"add"_s, u"carol"_s, u"--password-stdin"_s, u"--data-dir"_s,
                dir.path() });
        add.write("pw\n");
        add.closeWriteChannel();
        QVERIFY(add.waitForFinished(30000));
        QCOMPARE(add.exitCode(), 0);

        QProcess server;
        server.start(serverBinary(),
            { u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, dir.path(), u"--workers"_s, u"2"_s,
                u"--no-detect"_s }); // never depend on what runs on this machine
        QByteArray log;
        const QRegularExpression listening(u"palaver-server listening on 127\\.0\\.0\\.1:(\\d+)"_s);
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT(
            (log += server.readAllStandardError(), match = listening.match(QString::fromUtf8(log)),
                match.hasMatch()),
            10000);
        const quint16 port = match.captured(1).toUShort();
        QVERIFY(port > 0);
        QVERIFY(log.contains("data dir"));
        QVERIFY(log.contains("LLM:"));

        WsTestClient client;
        QVERIFY(client.open(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(port))));
        QVERIFY(client.login(u"carol"_s, u"pw"_s));

        server.terminate(); // SIGTERM
        QVERIFY(client.waitForDisconnected(10000));
        QCOMPARE(client.closeCode(), closecode::goingAway);
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }

    void doesNotLinkQtGui()
    {
        QFile binary(serverBinary());
        QVERIFY(binary.open(QIODevice::ReadOnly));
        const QByteArray bytes = binary.readAll();
        // The dynamic string table names every needed library; QtCore must be there (control).
        QVERIFY(bytes.contains("libQt6Core.so"));
        QVERIFY(bytes.contains("libQt6WebSockets.so"));
        QVERIFY(!bytes.contains("libQt6Gui.so"));

        QProcess ldd;
        ldd.start(u"ldd"_s, { serverBinary() });
        if (ldd.waitForStarted(5000) && ldd.waitForFinished(10000) && ldd.exitCode() == 0) {
            const QByteArray libraries = ldd.readAllStandardOutput();
            QVERIFY(libraries.contains("libQt6Core"));
            QVERIFY(!libraries.contains("libQt6Gui"));
        }
    }
};

QTEST_GUILESS_MAIN(TestServerBinary)
#include "tst_serverbinary.moc"
