#include "log/logformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// The three log line forms: plain for a terminal, journald priority prefixes, JSON lines with
/// the event's fields; one event is always one line, whatever a client put in the text.
class TestLogFormat : public QObject
{
    Q_OBJECT
private:
    static LogRecord record(QtMsgType level, const QString& message, LogFields fields = {})
    {
        return LogRecord { level, u"palaver.auth"_s, message,
            QDateTime::fromMSecsSinceEpoch(1'790'000'000'123, Qt::UTC), std::move(fields) };
    }

private Q_SLOTS:
    void plainHasTimeLevelAndCategory()
    {
        QCOMPARE(formatLogLine(record(QtWarningMsg, u"failed sign-in from 10.0.0.7 as \"bob\""_s),
                     LogFormat::Plain),
            "2026-09-21T14:13:20.123Z warning palaver.auth: failed sign-in from 10.0.0.7 as "
            "\"bob\"\n");
    }

    void journaldHasPriorityPrefixes_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("debug") << int(QtDebugMsg) << QByteArray("<7>");
        QTest::newRow("info") << int(QtInfoMsg) << QByteArray("<6>");
        QTest::newRow("warning") << int(QtWarningMsg) << QByteArray("<4>");
        QTest::newRow("critical") << int(QtCriticalMsg) << QByteArray("<3>");
    }

    void journaldHasPriorityPrefixes()
    {
        QFETCH(int, level);
        QFETCH(QByteArray, prefix);
        QCOMPARE(formatLogLine(record(QtMsgType(level), u"text"_s), LogFormat::Journald),
            prefix + "palaver.auth: text\n");
    }

    void jsonCarriesTheFields()
    {
        const QByteArray line
            = formatLogLine(record(QtWarningMsg, u"failed sign-in"_s,
                                { { u"peer"_s, u"10.0.0.7"_s }, { u"name"_s, u"bob\nforged"_s },
                                    { u"level"_s, u"cannot replace the envelope"_s } }),
                LogFormat::Json);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1);
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QCOMPARE(object.value("time"_L1).toString(), u"2026-09-21T14:13:20.123Z"_s);
        QCOMPARE(object.value("level"_L1).toString(), u"warning"_s);
        QCOMPARE(object.value("category"_L1).toString(), u"palaver.auth"_s);
        QCOMPARE(object.value("message"_L1).toString(), u"failed sign-in"_s);
        QCOMPARE(object.value("peer"_L1).toString(), u"10.0.0.7"_s);
        QCOMPARE(object.value("name"_L1).toString(), u"bob\nforged"_s);
    }

    void controlCharactersCannotForgeALine()
    {
        const QString forged = u"closed (bye)\n2026-01-01T00:00:00.000Z info palaver.auth: "
                               "signed in\r\t\x01"_s;
        for (const LogFormat format : { LogFormat::Plain, LogFormat::Journald }) {
            const QByteArray line = formatLogLine(record(QtInfoMsg, forged), format);
            QCOMPARE(line.count('\n'), 1);
            QVERIFY(line.endsWith("signed in\\r\\t\\x01\n"));
            QVERIFY(line.contains("(bye)\\n2026"));
        }
    }

    void formatNames()
    {
        QCOMPARE(logFormatFromName(u"auto"_s, true), LogFormat::Journald);
        QCOMPARE(logFormatFromName(u"auto"_s, false), LogFormat::Plain);
        QCOMPARE(logFormatFromName(QString(), false), LogFormat::Plain);
        QCOMPARE(logFormatFromName(u"json"_s, true), LogFormat::Json);
        QCOMPARE(logFormatFromName(u"plain"_s, true), LogFormat::Plain);
        QCOMPARE(logFormatFromName(u"journald"_s, false), LogFormat::Journald);
        QCOMPARE(logFormatFromName(u"syslog"_s, false), std::nullopt);
    }

    void journalIsDetectedOnlyForItsOwnStream()
    {
        // Not our stderr's device and inode: a child that inherited the variable but writes
        // elsewhere must not write priority prefixes.
        qputenv("JOURNAL_STREAM", "1:2");
        QVERIFY(!stderrIsJournal());
        qunsetenv("JOURNAL_STREAM");
        QVERIFY(!stderrIsJournal());
    }
};

QTEST_GUILESS_MAIN(TestLogFormat)
#include "tst_logformat.moc"
