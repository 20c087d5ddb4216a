#include "loadgenrun.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace palaver::testing {

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

void runLoadgen(const QStringList& arguments, QJsonObject* row, QString* described)
{
    QProcess loadgen;
    loadgen.start(QStringLiteral(PALAVER_LOADGEN), arguments);
    QVERIFY2(loadgen.waitForStarted(), qPrintable(loadgen.errorString()));
    // The load generator bounds every phase itself (--timeout, 30 s by default); this only
    // catches a hang of its own.
    if (!QTest::qWaitFor([&loadgen] { return loadgen.state() == QProcess::NotRunning; }, 120000)) {
        loadgen.kill();
        loadgen.waitForFinished();
        QFAIL(qPrintable(u"palaver-loadgen did not finish: "_s + arguments.join(u' ')));
    }
    const QByteArray out = loadgen.readAllStandardOutput().trimmed();
    *described = arguments.join(u' ') + u"\n"_s + QString::fromUtf8(out)
        + QString::fromUtf8(loadgen.readAllStandardError());
    QVERIFY2(
        !out.isEmpty() && !out.contains('\n'), qPrintable(u"one row expected: "_s + *described));
    QJsonParseError error;
    *row = QJsonDocument::fromJson(out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(*described));
    // Exit status 0 for a valid row, 1 for an invalid one.
    QCOMPARE(loadgen.exitCode(), row->value(u"valid"_s).toBool() ? 0 : 1);
    qInfo("%s", out.constData());
}

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
        QCOMPARE(figures.value(count).toInteger(-1), figures.value(u"expected"_s).toInteger(-2));
    }
}

} // namespace palaver::testing
