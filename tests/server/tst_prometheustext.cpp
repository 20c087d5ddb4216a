#include "metrics/prometheustext.h"
#include "metrics/servermetrics.h"
#include "prometheuscheck.h"

#include <QTest>

using namespace palaver::server;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// The metric types and their text form, read back by a strict parser of the format.
class TestPrometheusText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void histogramBucketsAreCumulative()
    {
        Histogram histogram({ 0.1, 1, 10 });
        for (const double value : { 0.05, 0.1, 0.5, 5.0, 50.0 })
            histogram.observe(value);
        const Histogram::Snapshot snapshot = histogram.snapshot();
        // le is "less or equal": 0.1 counts in the first bucket.
        QCOMPARE(snapshot.cumulative, (QList<quint64> { 2, 3, 4, 5 }));
        QCOMPARE(snapshot.sum, 55.65);
    }

    void textParsesAndSaysWhatWasCounted()
    {
        ServerMetrics metrics;
        metrics.framesReceived.add(3);
        metrics.signIns.with(u"ok"_s).add(2);
        metrics.signIns.with(u"failed"_s).add();
        metrics.connectionsClosed.with(u"a \"quoted\\ value\nwith a break"_s).add();
        metrics.hubRequestSeconds.observe(0.002);
        metrics.hubRequestSeconds.observe(3);
        metrics.timeToFirstToken.with(u"demo"_s).observe(0.2);
        PrometheusText out;
        out.counter(
            "palaver_frames_received_total", "Frames.", double(metrics.framesReceived.value()));
        out.counters("palaver_sign_ins_total", "Sign-ins.", "result", metrics.signIns);
        out.counters("palaver_closed_total", "Closed.", "code", metrics.connectionsClosed);
        out.histogram("palaver_hub_request_duration_seconds", "Hub.", metrics.hubRequestSeconds);
        out.histograms("palaver_ttft_seconds", "TTFT.", "model", metrics.timeToFirstToken);
        out.counters("palaver_limit_hits_total", "Limits.", "limit",
            QHash<QString, quint64> { { u"b"_s, 2 }, { u"a"_s, 1 } });
        out.labelledGauge("palaver_build_info", "Build.",
            { { u"version"_s, u"1.0"_s }, { u"qt"_s, u"6.4.2"_s } }, 1);

        PrometheusCheck check;
        const QStringList problems = check.check(out.text());
        QVERIFY2(problems.isEmpty(),
            qPrintable(problems.join(u'\n') + u'\n' + QString::fromUtf8(out.text())));
        QCOMPARE(check.value(u"palaver_frames_received_total"_s), 3.0);
        QCOMPARE(check.value(u"palaver_sign_ins_total{result=\"ok\"}"_s), 2.0);
        QCOMPARE(check.value(u"palaver_sign_ins_total{result=\"failed\"}"_s), 1.0);
        QCOMPARE(check.sum(u"palaver_closed_total"_s), 1.0);
        QCOMPARE(check.value(u"palaver_hub_request_duration_seconds_count"_s), 2.0);
        QCOMPARE(check.value(u"palaver_hub_request_duration_seconds_bucket{le=\"0.0025\"}"_s), 1.0);
        QCOMPARE(check.value(u"palaver_hub_request_duration_seconds_bucket{le=\"+Inf\"}"_s), 2.0);
        QCOMPARE(check.value(u"palaver_ttft_seconds_count{model=\"demo\"}"_s), 1.0);
        QCOMPARE(check.value(u"palaver_limit_hits_total{limit=\"b\"}"_s), 2.0);
        QCOMPARE(check.value(u"palaver_build_info{version=\"1.0\",qt=\"6.4.2\"}"_s), 1.0);
        // A label value cannot break out of its quotes or its line.
        QVERIFY(out.text().contains("code=\"a \\\"quoted\\\\ value\\nwith a break\""));
    }

    void theCheckRefusesBrokenText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("no type") << QByteArray("x 1\n");
        QTest::newRow("bad name") << QByteArray("# TYPE 1x counter\n1x 1\n");
        QTest::newRow("bad value") << QByteArray("# TYPE x counter\nx one\n");
        QTest::newRow("unescaped quote") << QByteArray("# TYPE x counter\nx{a=\"\"\"} 1\n");
        QTest::newRow("two types") << QByteArray("# TYPE x counter\n# TYPE x gauge\nx 1\n");
        QTest::newRow("no +Inf") << QByteArray(
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n");
        QTest::newRow("not cumulative") << QByteArray(
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\n"
            "h_count 1\n");
        QTest::newRow("no final newline") << QByteArray("# TYPE x counter\nx 1");
    }

    void theCheckRefusesBrokenText()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!PrometheusCheck().check(text).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPrometheusText)
#include "tst_prometheustext.moc"
