// The client benchmark in its smoke mode (tiny sizes): palaver-clientbench runs every mode
// against the real Main.qml and the fake server, and every row must say "valid": every token of
// the streamed reply shown, every message of the long conversation in the model and the view,
// every cold start drawn. Timings are never asserted (this machine is shared).

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestClientBenchSmoke : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyModeGivesAValidRow();
    void nonsenseOptionsAreRefused();
};

void TestClientBenchSmoke::everyModeGivesAValidRow()
{
    QProcess bench;
    bench.setProcessChannelMode(QProcess::SeparateChannels);
    bench.start(QStringLiteral(PALAVER_CLIENTBENCH), { u"--smoke"_s });
    QVERIFY(bench.waitForFinished(240000));
    const QString errors = QString::fromUtf8(bench.readAllStandardError());
    QVERIFY2(
        bench.exitStatus() == QProcess::NormalExit && bench.exitCode() == 0, qPrintable(errors));

    QStringList scenarios;
    const QList<QByteArray> lines = bench.readAllStandardOutput().trimmed().split('\n');
    for (const QByteArray& line : lines) {
        QJsonParseError error {};
        const QJsonObject row = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
        QVERIFY2(row.value(u"valid"_s).toBool(), line.constData());
        QVERIFY2(row.value(u"params"_s).toObject().value(u"smoke"_s).toBool(), line.constData());
        QVERIFY2(!row.value(u"figures"_s).toObject().isEmpty(), line.constData());
        scenarios.append(row.value(u"scenario"_s).toString());
    }
    QCOMPARE(
        scenarios, QStringList({ u"client-stream"_s, u"client-open"_s, u"client-coldstart"_s }));
}

void TestClientBenchSmoke::nonsenseOptionsAreRefused()
{
    for (const QStringList& arguments :
        { QStringList { u"--messages"_s, u"0"_s }, QStringList { u"--reply-chars"_s, u"40000"_s },
            QStringList { u"--mode"_s, u"x"_s } }) {
        QProcess bench;
        bench.start(QStringLiteral(PALAVER_CLIENTBENCH), arguments);
        QVERIFY(bench.waitForFinished(30000));
        QCOMPARE(bench.exitCode(), 2);
        QVERIFY(!bench.readAllStandardError().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestClientBenchSmoke)
#include "tst_clientbench_smoke.moc"
