// idle: ramp to N signed-in / joined connections that then do nothing. Measures the ramp
// (upgrades/s, with sign-in for palaver), the server's RSS per connection, its CPU while they
// sit idle, and the idle tax: the echo rate of a few busy clients with N idle / with none.

#include "clock.h"
#include "echoclients.h"
#include "scenario.h"

namespace loadgen {

namespace {

class Idle : public Handler
{
public:
    Idle(const Context& context, Row& row)
        : m_context(context)
        , m_row(row)
        , m_busy(context.dialect, context.options.bodyBytes, row)
    { }

    void run(Pool& pool)
    {
        m_pool = &pool;
        const Options& options = m_context.options;
        const pid_t server = options.serverPid;
        const auto rssEmpty = processRssBytes(server);

        // The busy clients, and their echo rate with no idle connection.
        if (!open(0, options.busyClients, "opening the busy clients"))
            return;
        for (std::size_t i = 0; i < pool.size(); ++i)
            m_busy.add(pool.at(i));
        const auto rateAlone = busyRate("busy_alone");
        if (!rateAlone)
            return;

        // The ramp.
        const auto rss0 = processRssBytes(server);
        Window ramp(server);
        ramp.start();
        if (!open(options.busyClients, options.connections, "ramping up"))
            return;
        ramp.stop();
        m_row.figures.add("upgrades_per_s", double(options.connections) / ramp.seconds());
        addWindow(m_row, "ramp", ramp);

        // Idle: nothing sent; whatever the server pushes (presence) is read and counted.
        Window idle(server);
        idle.start();
        m_pool->runUntil(
            [this] { return !m_row.valid; }, nowNs() + std::int64_t(options.idleSeconds * 1e9));
        idle.stop();
        if (!m_pool->failure().empty())
            m_row.invalidate("while idle: " + m_pool->failure());
        if (!m_row.valid)
            return;
        addWindow(m_row, "idle", idle);
        const auto rssN = processRssBytes(server);
        if (rssEmpty && rss0 && rssN) {
            m_row.figures.add("server_rss_bytes_empty", *rssEmpty)
                .add("server_rss_bytes_0", *rss0)
                .add("server_rss_bytes_n", *rssN)
                .add("server_bytes_per_connection",
                    double(*rssN - *rss0) / double(options.connections));
        }

        const auto rateWithIdle = busyRate("busy_with_idle");
        if (!rateWithIdle)
            return;
        m_row.figures.add("idle_tax", *rateWithIdle / *rateAlone)
            .add("other_events", pool.otherEvents());
    }

    void onEvent(Connection& connection, const Event& event) override
    {
        if (event.kind == EventKind::Echo && m_busy.onEcho(*m_pool, connection, event.body))
            return;
        if (event.kind == EventKind::Error)
            m_row.invalidate("server error: " + std::string(event.body.substr(0, 300)));
        else
            m_row.invalidate(
                "unexpected message on connection " + std::to_string(connection.index()));
    }

private:
    bool open(std::size_t first, std::size_t count, const char* what)
    {
        const Options& options = m_context.options;
        if (m_pool->open(first, count, options.rampConcurrency,
                nowNs() + std::int64_t(options.timeoutSeconds * 1e9)))
            return true;
        m_row.invalidate(std::string(what) + ": " + m_pool->failure());
        return false;
    }

    /// Round trips per second of the busy clients over --busy-seconds, after a short warm-up;
    /// the ones under way when the time is up are waited for (and checked) but not counted.
    std::optional<double> busyRate(const std::string& prefix)
    {
        const Options& options = m_context.options;
        std::string why;
        m_busy.begin(*m_pool, std::max<std::uint64_t>(options.warmup / 10, 1), false);
        if (!runBounded(
                *m_pool, m_context, [this] { return m_busy.finished() || !m_row.valid; },
                [this] { return m_busy.completed(); }, &why)) {
            m_row.invalidate(prefix + " warm-up: " + why);
            return std::nullopt;
        }
        Window window(options.serverPid);
        m_busy.begin(*m_pool, 0, true);
        window.start();
        const std::int64_t end = nowNs() + std::int64_t(options.busySeconds * 1e9);
        m_pool->runUntil([this] { return !m_row.valid; }, end);
        const std::uint64_t done = m_busy.completed();
        window.stop();
        m_busy.stop();
        if (!runBounded(
                *m_pool, m_context, [this] { return m_busy.finished() || !m_row.valid; },
                [this] { return m_busy.completed(); }, &why))
            m_row.invalidate(prefix + ": " + why);
        if (!m_pool->failure().empty())
            m_row.invalidate(prefix + ": " + m_pool->failure());
        if (!m_row.valid)
            return std::nullopt;
        const double rate = double(done) / window.seconds();
        m_row.figures.add(prefix + "_round_trips_per_s", rate);
        addLatency(m_row.figures, prefix + "_latency", m_busy.latency());
        addWindow(m_row, prefix, window);
        if (done == 0) {
            m_row.invalidate(prefix + ": no round trip completed");
            return std::nullopt;
        }
        return rate;
    }

    const Context& m_context;
    Row& m_row;
    Pool* m_pool = nullptr;
    EchoClients m_busy;
};

} // namespace

Row runIdle(const Context& context)
{
    Row row = startRow(context);
    const Options& options = context.options;
    row.params.add("idle_connections", options.connections)
        .add("busy_clients", options.busyClients)
        .add("idle_seconds", options.idleSeconds)
        .add("busy_seconds", options.busySeconds);
    Idle idle(context, row);
    Pool pool(context.target, context.dialect, idle);
    idle.run(pool);
    return row;
}

} // namespace loadgen
