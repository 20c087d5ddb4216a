// The palaver command line: automatic sign-in and screenshot options, and the errors it reports.

#include "../client/testcertificates.h"
#include "startupoptions.h"

#include <QSslConfiguration>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::ui::parseCommandLine;

class TestStartupOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noOptions();
    void signInAndScreenshot();
    void errors_data();
    void errors();
    void help();
    void caFile();
};

void TestStartupOptions::noOptions()
{
    const auto parsed = parseCommandLine({ u"palaver"_s });
    QVERIFY(parsed.errorText.isEmpty());
    QVERIFY(!parsed.exitEarly);
    QVERIFY(!parsed.options.signsInAutomatically());
    QVERIFY(parsed.options.screenshotFile.isEmpty());
}

void TestStartupOptions::signInAndScreenshot()
{
    const auto parsed = parseCommandLine({ u"palaver"_s, u"--server"_s, u"ws://127.0.0.1:9/v1/ws"_s,
        u"--username"_s, u"ada"_s, u"--password-stdin"_s, u"--screenshot"_s, u"/tmp/x.png"_s,
        u"--screenshot-delay-ms"_s, u"250"_s });
    QVERIFY2(parsed.errorText.isEmpty(), qPrintable(parsed.errorText));
    QVERIFY(parsed.options.signsInAutomatically());
    QCOMPARE(parsed.options.serverUrl, u"ws://127.0.0.1:9/v1/ws"_s);
    QCOMPARE(parsed.options.username, u"ada"_s);
    QVERIFY(parsed.options.passwordFromStdin);
    QCOMPARE(parsed.options.screenshotFile, u"/tmp/x.png"_s);
    QCOMPARE(parsed.options.screenshotDelayMs, 250);
}

void TestStartupOptions::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("server alone") << QStringList { u"palaver"_s, u"--server"_s, u"x"_s }
                                  << u"--server and --username go together"_s;
    QTest::newRow("password alone") << QStringList { u"palaver"_s, u"--password-stdin"_s }
                                    << u"--password-stdin needs --server and --username"_s;
    QTest::newRow("bad delay") << QStringList { u"palaver"_s, u"--screenshot-delay-ms"_s,
        u"soon"_s } << u"--screenshot-delay-ms needs a number of milliseconds, not \"soon\""_s;
    QTest::newRow("unknown") << QStringList { u"palaver"_s, u"--colour"_s }
                             << u"Unknown option 'colour'."_s;
    QTest::newRow("positional") << QStringList { u"palaver"_s, u"extra"_s }
                                << u"Unexpected argument: extra"_s;
}

void TestStartupOptions::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QCOMPARE(parseCommandLine(arguments).errorText, expected);
}

void TestStartupOptions::help()
{
    const auto parsed = parseCommandLine({ u"palaver"_s, u"--help"_s });
    QVERIFY(parsed.exitEarly);
    QVERIFY(parsed.output.contains(u"--password-stdin"_s));
}

void TestStartupOptions::caFile()
{
    const auto parsed = parseCommandLine({ u"palaver"_s, u"--ca-file"_s, u"/etc/team-ca.pem"_s });
    QVERIFY2(parsed.errorText.isEmpty(), qPrintable(parsed.errorText));
    QCOMPARE(parsed.options.caFile, u"/etc/team-ca.pem"_s);

    palaver::test::TestCertificates certificates;
    if (!certificates.error.isEmpty())
        QSKIP(qPrintable(certificates.error));
    const QSslCertificate ca = certificates.ca().value(0);
    QVERIFY(!QSslConfiguration::defaultConfiguration().caCertificates().contains(ca));
    QVERIFY(palaver::ui::trustCaFile(certificates.path("missing.pem")).contains(u"cannot read"_s));
    QCOMPARE(palaver::ui::trustCaFile(certificates.path("ca.pem")), QString());
    // Every connection and probe starts from the default configuration.
    QVERIFY(QSslConfiguration::defaultConfiguration().caCertificates().contains(ca));
}

QTEST_GUILESS_MAIN(TestStartupOptions)
#include "tst_startupoptions.moc"
