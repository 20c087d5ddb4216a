#include "metrics/metricsreport.h"

#include "limits/offenderlog.h"
#include "limits/sendbudget.h"
#include "metrics/processstats.h"
#include "metrics/prometheustext.h"
#include "metrics/servermetrics.h"

#include <QCoreApplication>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

void connections(PrometheusText& out, const MetricsSources& sources)
{
    const ServerMetrics& m = *sources.metrics;
    out.gauge("palaver_tcp_connections", "Accepted TCP connections open (WebSocket or HTTP).",
        sources.tcpConnections);
    out.gauge("palaver_connections_pre_auth", "WebSocket connections not signed in yet.",
        double(m.preAuthConnections.value()));
    out.gauge("palaver_connections_signed_in", "WebSocket connections signed in.",
        double(m.signedInConnections.value()));
    out.gauges("palaver_worker_sessions", "WebSocket connections held by each network worker.",
        "worker", m.workerSessions);
    out.counters("palaver_connections_closed_total",
        "WebSocket connections closed, by close code (dropped: without a close frame).", "code",
        m.connectionsClosed);
    out.counter("palaver_heartbeat_timeouts_total",
        "Connections dropped because they answered no ping.", double(m.heartbeatTimeouts.value()));
    out.counters("palaver_slow_reader_drops_total",
        "Connections dropped because they stopped reading, by the limit that dropped them.",
        "limit", m.slowReaderDrops);
    out.gauge("palaver_send_queue_bytes", "Bytes waiting to be sent on all connections.",
        double(sources.sendBudget->used()));
    out.gauge("palaver_send_queue_budget_bytes", "The send budget ([limits] send-budget-bytes).",
        double(sources.sendBudget->budget()));
}

void traffic(PrometheusText& out, const ServerMetrics& m)
{
    out.counters("palaver_sign_ins_total", "Sign-ins (login, auth, register) by result.", "result",
        m.signIns);
    out.counter("palaver_frames_received_total", "WebSocket messages received.",
        double(m.framesReceived.value()));
    out.counter("palaver_received_bytes_total", "Bytes of WebSocket messages received.",
        double(m.bytesReceived.value()));
    out.counter(
        "palaver_frames_sent_total", "WebSocket messages sent.", double(m.framesSent.value()));
    out.counter("palaver_sent_bytes_total", "Bytes of WebSocket messages sent.",
        double(m.bytesSent.value()));
    out.counter("palaver_fanout_deliveries_total",
        "Frames handed to a connection by a fan-out to a user or a conversation's members.",
        double(m.fanoutDeliveries.value()));
    out.counter("palaver_messages_stored_total", "Messages people sent, stored.",
        double(m.messagesStored.value()));
}

void hub(PrometheusText& out, const MetricsSources& sources)
{
    const ServerMetrics& m = *sources.metrics;
    out.gauge("palaver_hub_queue_length", "Requests waiting for the hub.", sources.hubQueueLength);
    out.histogram("palaver_hub_request_duration_seconds",
        "Time the hub spent on one request, from the queue to the answer.", m.hubRequestSeconds);
    out.histogram("palaver_database_operation_duration_seconds", "Time of one database statement.",
        m.databaseSeconds);
    out.counters("palaver_limit_hits_total",
        "Times a limit refused or dropped something, by limit (see docs/operations.md).", "limit",
        sources.offenders->allHits());
}

void process(PrometheusText& out)
{
    const ProcessStats stats = ProcessStats::current();
    if (stats.residentBytes >= 0) {
        out.gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
            double(stats.residentBytes));
    }
    if (stats.cpuSeconds >= 0) {
        out.counter("process_cpu_seconds_total", "Total user and system CPU time in seconds.",
            stats.cpuSeconds);
    }
    out.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch.",
        stats.startTimeSeconds);
    out.labelledGauge("palaver_build_info", "The running build: version and Qt version.",
        { { u"version"_s, QCoreApplication::applicationVersion() },
            { u"qt"_s, QString::fromLatin1(qVersion()) } },
        1);
}

void replies(PrometheusText& out, const ServerMetrics& m)
{
    out.gauge("palaver_generations_running", "Replies streaming from an upstream now.",
        double(m.generationsRunning.value()));
    out.counter("palaver_generations_started_total", "Replies started.",
        double(m.generationsStarted.value()));
    out.counters("palaver_generations_finished_total", "Replies finished, by finish reason.",
        "reason", m.generationsFinished);
    out.histograms("palaver_upstream_time_to_first_token_seconds",
        "From a reply's start to its first token, by model.", "model", m.timeToFirstToken);
    out.histograms("palaver_upstream_tokens_per_second",
        "A finished reply's streaming rate (deltas per second after the first), by model.", "model",
        m.tokensPerSecond);
    out.counters("palaver_upstream_errors_total", "Replies the upstream failed, by kind.", "kind",
        m.upstreamErrors);
}

} // namespace

QByteArray renderMetrics(const MetricsSources& sources)
{
    PrometheusText out;
    connections(out, sources);
    traffic(out, *sources.metrics);
    hub(out, sources);
    replies(out, *sources.metrics);
    process(out);
    return out.text();
}

} // namespace palaver::server
