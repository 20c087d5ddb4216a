// echo: N clients, each doing round trips one after another: W unmeasured, then M measured.

#include "clock.h"
#include "echoclients.h"
#include "scenario.h"

namespace loadgen {

namespace {

class Echo : public Handler
{
public:
    Echo(const Context& context, Row& row)
        : m_context(context)
        , m_row(row)
        , m_clients(context.dialect, context.options.bodyBytes, row)
    { }

    void run(Pool& pool)
    {
        m_pool = &pool;
        const Options& options = m_context.options;
        if (!openAll(pool, m_context, options.connections, m_row))
            return;
        for (std::size_t i = 0; i < pool.size(); ++i)
            m_clients.add(pool.at(i));
        if (options.warmup > 0 && !phase(options.warmup, false, "warm-up"))
            return;
        Window window(options.serverPid);
        window.start();
        const bool ok = phase(options.messages, true, "measured round trips");
        window.stop();
        const std::uint64_t expected = options.messages * options.connections;
        m_row.figures.add("round_trips", m_clients.completed())
            .add("expected", expected)
            .add("other_events", pool.otherEvents());
        if (!ok)
            return;
        m_row.figures.add("round_trips_per_s", double(expected) / window.seconds());
        addLatency(m_row.figures, "latency", m_clients.latency());
        addWindow(m_row, "window", window);
        if (m_clients.completed() != expected)
            m_row.invalidate("round trips " + std::to_string(m_clients.completed()) + " of "
                + std::to_string(expected));
    }

    void onEvent(Connection& connection, const Event& event) override
    {
        if (event.kind == EventKind::Echo && m_clients.onEcho(*m_pool, connection, event.body))
            return;
        if (event.kind == EventKind::Error)
            m_row.invalidate("server error: " + std::string(event.body.substr(0, 300)));
        else
            m_row.invalidate(
                "unexpected message on echo client " + std::to_string(connection.index()));
    }

private:
    bool phase(std::uint64_t perClient, bool measure, const char* what)
    {
        m_clients.begin(*m_pool, perClient, measure);
        std::string why;
        if (!runBounded(
                *m_pool, m_context, [this] { return m_clients.finished() || !m_row.valid; },
                [this] { return m_clients.completed(); }, &why)) {
            m_row.invalidate(std::string(what) + ": " + why);
            return false;
        }
        return m_row.valid;
    }

    const Context& m_context;
    Row& m_row;
    Pool* m_pool = nullptr;
    EchoClients m_clients;
};

} // namespace

Row runEcho(const Context& context)
{
    Row row = startRow(context);
    const Options& options = context.options;
    row.params.add("clients", options.connections)
        .add("messages", options.messages)
        .add("warmup", options.warmup);
    if (context.dialect.maxEchoBody() < options.bodyBytes)
        row.params.add("echo_body_bytes", context.dialect.maxEchoBody());
    Echo echo(context, row);
    Pool pool(context.target, context.dialect, echo);
    echo.run(pool);
    return row;
}

} // namespace loadgen
