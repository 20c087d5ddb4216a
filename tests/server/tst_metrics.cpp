#include "app/server.h"
#include "chat/hub.h"
#include "limits/sharedlimits.h"
#include "net/httprequest.h"
#include "net/metricsendpoint.h"
#include "net/metricslistener.h"
#include "prometheuscheck.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

/// GET /metrics after a scripted session: the text parses as Prometheus' format, and each
/// counter moved by exactly what the session did. Also who may read it.
class TestMetrics : public QObject
{
    Q_OBJECT
private:
    /// Scrapes /metrics and checks the format; the parsed result.
    PrometheusCheck scrape()
    {
        QNetworkAccessManager manager;
        QUrl url = m_server.url();
        url.setScheme(u"http"_s);
        url.setPath(u"/metrics"_s);
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(url)));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        [&] { QVERIFY(finished.wait(5000)); }();
        const QByteArray text = reply->readAll();
        PrometheusCheck check;
        const QStringList problems = check.check(text);
        [&] { QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n'))); }();
        [&] {
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        }();
        return check;
    }

    static double delta(
        const PrometheusCheck& before, const PrometheusCheck& after, const QString& key)
    {
        return after.value(key).value_or(0) - before.value(key).value_or(0);
    }

    QByteArray answer(const server::MetricsAccess& access, const QHostAddress& peer,
        const QByteArray& authorization = {})
    {
        server::HttpRequestHead head;
        head.method = "GET";
        head.path = "/metrics";
        if (!authorization.isEmpty())
            head.headers.append({ "authorization", authorization });
        QByteArray response;
        m_server.inServerThread([&](server::Server& s) {
            response
                = server::metricsResponse(s.hub(), *s.sharedLimits(), access, head, peer, false);
        });
        return response.left(response.indexOf("\r\n"));
    }

    // Paced (2 ms a token) so that a reply streams for some milliseconds: an unpaced demo reply,
    // its deltas merged into a frame or two, can end within the 1 ms under which no tokens per
    // second are observed.
    TestServer m_server { [] {
        TestServer::Options options;
        options.demoTokensPerSecond = 500;
        return options;
    }() };

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.addUser(u"alice"_s, u"a"_s));
        QVERIFY(m_server.addUser(u"bob"_s, u"b"_s));
    }

    void countersMoveByWhatASessionDid()
    {
        const PrometheusCheck before = scrape();
        auto alice = std::make_unique<WsTestClient>();
        QVERIFY(alice->open(m_server.url()));
        QVERIFY(alice->login(u"alice"_s, u"a"_s));
        WsTestClient bob;
        QVERIFY(bob.open(m_server.url()));
        QVERIFY(!bob.login(u"bob"_s, u"wrong"_s));
        const auto conversation = alice->createConversation(u"Counted"_s);
        QVERIFY(conversation);
        for (int i = 0; i < 2; ++i) {
            alice->send(MessageSend { u"s%1"_s.arg(i), conversation->convId,
                QUuid::createUuid().toString(QUuid::WithoutBraces), u"Hello"_s });
            QVERIFY(alice->waitFor<Ack>());
            const auto end = alice->waitFor<GenerationEnd>(10000);
            QVERIFY(end);
            QCOMPARE(end->finish, FinishReason::Stop);
        }

        const PrometheusCheck during = scrape();
        QCOMPARE(delta(before, during, u"palaver_sign_ins_total{result=\"ok\"}"_s), 1.0);
        QCOMPARE(delta(before, during, u"palaver_sign_ins_total{result=\"failed\"}"_s), 1.0);
        QCOMPARE(delta(before, during, u"palaver_messages_stored_total"_s), 2.0);
        QCOMPARE(delta(before, during, u"palaver_generations_started_total"_s), 2.0);
        QCOMPARE(
            delta(before, during, u"palaver_generations_finished_total{reason=\"stop\"}"_s), 2.0);
        QCOMPARE(during.value(u"palaver_generations_running"_s), 0.0);
        QCOMPARE(delta(before, during,
                     u"palaver_upstream_time_to_first_token_seconds_count{model=\"demo\"}"_s),
            2.0);
        QCOMPARE(
            delta(before, during, u"palaver_upstream_tokens_per_second_count{model=\"demo\"}"_s),
            2.0);
        // login, conversation.create, two message.send; bob's login.
        QCOMPARE(delta(before, during, u"palaver_frames_received_total"_s), 5.0);
        QCOMPARE(delta(before, during, u"palaver_hub_request_duration_seconds_count"_s), 5.0);
        QCOMPARE(during.value(u"palaver_connections_signed_in"_s), 1.0);
        QCOMPARE(during.value(u"palaver_connections_pre_auth"_s), 1.0);
        QCOMPARE(during.sum(u"palaver_worker_sessions"_s), 2.0);
        QVERIFY(delta(before, during, u"palaver_frames_sent_total"_s) >= 8);
        QVERIFY(delta(before, during, u"palaver_fanout_deliveries_total"_s) >= 4);
        QVERIFY(delta(before, during, u"palaver_database_operation_duration_seconds_count"_s) > 0);
        QVERIFY(during.value(u"process_resident_memory_bytes"_s).value_or(0) > 1e6);

        alice->close();
        alice.reset();
        double closed = 0;
        QTRY_VERIFY_WITH_TIMEOUT((closed = scrape().sum(u"palaver_connections_closed_total"_s)
                                         - before.sum(u"palaver_connections_closed_total"_s))
                >= 1,
            5000);
        QCOMPARE(closed, 1.0);
        const PrometheusCheck after = scrape();
        QCOMPARE(after.value(u"palaver_connections_signed_in"_s), 0.0);
        QCOMPARE(after.sum(u"palaver_worker_sessions"_s), 1.0);
    }

    void theDashboardAsksForMetricsThatExist()
    {
        QFile file(QStringLiteral(PALAVER_GRAFANA_DASHBOARD));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString dashboard = QString::fromUtf8(file.readAll());
        QNetworkAccessManager manager;
        QUrl url = m_server.url();
        url.setScheme(u"http"_s);
        url.setPath(u"/metrics"_s);
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(url)));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        const QString text = QString::fromUtf8(reply->readAll());
        static const QRegularExpression used(u"\\b((?:palaver|process)_[a-z_]+?)(?:_bucket)?\\b"_s);
        int checked = 0;
        for (auto it = used.globalMatch(dashboard); it.hasNext(); ++checked) {
            const QString name = it.next().captured(1);
            QVERIFY2(text.contains(u"# TYPE "_s + name + u' '), qPrintable(name));
        }
        QVERIFY(checked > 10);
    }

    void ownAddressServesAFewAtATime()
    {
        server::MetricsListener* listener = nullptr;
        quint16 port = 0;
        m_server.inServerThread([&](server::Server& s) {
            listener = new server::MetricsListener(s.hub(), *s.sharedLimits(), { false, {} });
            if (listener->listen(QHostAddress::LocalHost, 0))
                port = listener->serverPort();
        });
        // Deleted in the thread it lives in, also when an assertion below returns early.
        const auto removeListener = qScopeGuard(
            [&] { m_server.inServerThread([&](server::Server&) { delete listener; }); });
        QVERIFY(port > 0);
        const auto ask = [port](QTcpSocket& socket, const QByteArray& request) {
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (!socket.waitForConnected(5000))
                return QByteArray("not connected");
            socket.write(request);
            QByteArray answer;
            while (socket.waitForReadyRead(5000))
                answer += socket.readAll();
            return answer.left(answer.indexOf("\r\n"));
        };
        // maxOpen connections that send nothing hold every place; the next is told 503.
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < server::MetricsListener::maxOpen; ++i) {
            idle.push_back(std::make_unique<QTcpSocket>());
            idle.back()->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(idle.back()->waitForConnected(5000));
        }
        QTcpSocket refused;
        QCOMPARE(ask(refused, "GET /metrics HTTP/1.1\r\n\r\n"), "HTTP/1.1 503 Service Unavailable");
        idle.clear();
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                QTcpSocket scrape;
                return ask(scrape, "GET /metrics HTTP/1.1\r\n\r\n");
            }(),
            QByteArray("HTTP/1.1 200 OK"), 5000);
        QTcpSocket other;
        QCOMPARE(ask(other, "GET /v1/ws HTTP/1.1\r\n\r\n"), "HTTP/1.1 404 Not Found");
    }

    void onlyLoopbackOrATokenMayRead()
    {
        const QHostAddress stranger(u"203.0.113.7"_s);
        QCOMPARE(answer({ true, {} }, QHostAddress::LocalHost), "HTTP/1.1 200 OK");
        QCOMPARE(answer({ true, {} }, stranger), "HTTP/1.1 403 Forbidden");
        QCOMPARE(answer({ true, "s3cret" }, stranger), "HTTP/1.1 401 Unauthorized");
        QCOMPARE(answer({ true, "s3cret" }, QHostAddress::LocalHost, "Bearer nope"),
            "HTTP/1.1 401 Unauthorized");
        QCOMPARE(answer({ true, "s3cret" }, stranger, "Bearer s3cret"), "HTTP/1.1 200 OK");
        // Metrics on their own address: the main port does not serve them.
        QCOMPARE(answer({ false, {} }, QHostAddress::LocalHost), "HTTP/1.1 404 Not Found");
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
