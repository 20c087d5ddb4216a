#include "scenario.h"

#include "clock.h"

namespace loadgen {

Row startRow(const Context& context)
{
    const Options& options = context.options;
    Row row;
    row.scenario = options.scenario;
    row.dialect = context.dialect.name();
    row.params.add("target", options.host + ':' + std::to_string(options.port))
        .add("connections", options.connections)
        .add("body_bytes", options.bodyBytes)
        .add("ramp_concurrency", options.rampConcurrency);
    if (!options.label.empty())
        row.params.add("label", options.label);
    if (!options.sources.empty())
        row.params.add("sources", std::uint64_t(options.sources.size()));
    return row;
}

bool openAll(Pool& pool, const Context& context, std::size_t count, Row& row)
{
    const Options& options = context.options;
    const std::int64_t openStart = nowNs();
    if (!pool.open(0, count, options.rampConcurrency,
            openStart + std::int64_t(options.timeoutSeconds * 1e9))) {
        row.invalidate("opening: " + pool.failure());
        return false;
    }
    row.figures.add("open_seconds", double(nowNs() - openStart) / 1e9);
    return true;
}

void addSendParams(Row& row, const Options& options)
{
    row.params.add("messages", options.messages)
        .add("warmup", options.warmup)
        .add("in_flight", options.inFlight);
}

bool isRoomMessage(Row& row, const Event& event, bool fromSender, std::uint64_t* acks)
{
    switch (event.kind) {
    case EventKind::Message:
        return true;
    case EventKind::Ack:
        if (fromSender)
            ++*acks;
        else
            row.invalidate("a receiver got an ack");
        return false;
    case EventKind::Error:
        row.invalidate("server error: " + std::string(event.body.substr(0, 300)));
        return false;
    default:
        row.invalidate(
            "unexpected " + std::string(event.kind == EventKind::Echo ? "echo" : "event"));
        return false;
    }
}

bool runBounded(Pool& pool, const Context& context, const std::function<bool()>& done,
    const std::function<std::uint64_t()>& progress, std::string* why)
{
    const auto stallNs = std::int64_t(context.options.timeoutSeconds * 1e9);
    std::uint64_t last = progress();
    std::int64_t lastChange = nowNs();
    while (!done()) {
        pool.runUntil(done, nowNs() + 100000000);
        if (!pool.failure().empty()) {
            *why = pool.failure();
            return false;
        }
        const std::uint64_t now = progress();
        if (now != last) {
            last = now;
            lastChange = nowNs();
        } else if (nowNs() - lastChange > stallNs) {
            *why = "no progress for " + std::to_string(int(context.options.timeoutSeconds)) + " s";
            return false;
        }
    }
    return true;
}

void addLatency(JsonObject& figures, const std::string& prefix, const Histogram& histogram)
{
    const auto us = [](std::int64_t ns) { return double(ns) / 1000.0; };
    figures.add(prefix + "_samples", histogram.count())
        .add(prefix + "_us_p50", us(histogram.percentile(0.50)))
        .add(prefix + "_us_p90", us(histogram.percentile(0.90)))
        .add(prefix + "_us_p99", us(histogram.percentile(0.99)))
        .add(prefix + "_us_max", us(histogram.max()))
        .add(prefix + "_us_mean", histogram.mean() / 1000.0);
}

void addWindow(Row& row, const std::string& prefix, const Window& window)
{
    row.figures.add(prefix + "_seconds", window.seconds())
        .add(prefix + "_server_cpu_pct", window.serverCpuPercent())
        .add(prefix + "_loadgen_cpu_pct", window.selfCpuPercent());
    if (window.selfCpuPercent() > 90.0) {
        row.figures.add(prefix + "_loadgen_saturated", true);
        row.loadgenSaturated = true;
    }
}

} // namespace loadgen
