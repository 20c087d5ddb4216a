// churn: connections coming and going while a room chats. B chat members (connection 0 sends, one
// message in flight, everyone in the room receives) keep talking while, in each of --cycles
// cycles, N more connections sign in (palaver) or join, stay a moment and close. Measures how
// fast the server takes them (connects/s), what the chat's latency does meanwhile, and whether
// the server's memory comes back: RSS before the churn, after the first cycle and after the last
// (a steady growth per cycle is a leak; what the allocator keeps after the first cycle is not).

#include "clock.h"
#include "deliveries.h"
#include "payload.h"
#include "scenario.h"

#include <algorithm>

namespace loadgen {

namespace {

/// How long the churners stay signed in, and how long the chat runs alone after each close.
constexpr std::int64_t dwellNs = 100'000'000;

class Churn : public Handler
{
public:
    Churn(const Context& context, Row& row)
        : m_context(context)
        , m_row(row)
        , m_members(context.options.busyClients)
        , m_deliveries(m_members)
        , m_window(context.options.serverPid)
    { }

    void run(Pool& pool)
    {
        m_pool = &pool;
        const Options& options = m_context.options;
        if (!openAll(pool, m_context, m_members, m_row))
            return;
        sendMore();
        // The chat alone first, so the baseline holds its buffers too.
        if (!chatFor(dwellNs * 3, "chat before the churn"))
            return;
        const auto rssBefore = processRssBytes(options.serverPid);
        std::optional<std::int64_t> rssFirst;
        std::int64_t openNs = 0;
        m_window.start();
        m_measuring = true;
        for (std::size_t cycle = 0; cycle < options.cycles && m_row.valid; ++cycle) {
            const std::int64_t start = nowNs();
            if (!pool.open(m_members, options.connections, options.rampConcurrency,
                    start + std::int64_t(options.timeoutSeconds * 1e9))) {
                m_row.invalidate("cycle " + std::to_string(cycle) + ": " + pool.failure());
                break;
            }
            openNs += nowNs() - start;
            if (!chatFor(dwellNs, "churners signed in"))
                break;
            pool.closeNewest(m_members);
            if (!chatFor(dwellNs, "churners closed"))
                break;
            if (cycle == 0)
                rssFirst = processRssBytes(options.serverPid);
        }
        m_window.stop();
        m_measuring = false;
        m_stopping = true;
        std::string why;
        if (m_row.valid
            && !runBounded(
                pool, m_context, [this] { return m_completed == m_sent || !m_row.valid; },
                [this] { return m_deliveries.delivered(); }, &why))
            m_row.invalidate("finishing the chat: " + why);
        if (!m_row.valid)
            return;
        const auto rssAfter = processRssBytes(options.serverPid);
        report(openNs, rssBefore, rssFirst, rssAfter);
        m_deliveries.verdict(m_row, m_sent * m_members, m_acks,
            m_context.dialect.acksSends() ? std::optional<std::uint64_t>(m_sent) : std::nullopt,
            pool.otherEvents());
    }

    void onEvent(Connection& connection, const Event& event) override
    {
        if (connection.index() >= m_members) {
            // A churner: it hears the room (and, in palaver, acks nothing); only errors count.
            if (event.kind == EventKind::Error)
                m_row.invalidate(
                    "server error to a churner: " + std::string(event.body.substr(0, 300)));
            return;
        }
        if (isRoomMessage(m_row, event, connection.index() == 0, &m_acks))
            onMessage(connection, event.body);
    }

private:
    /// Runs the pool for `ns` with the chat going; false (the row invalid) when a connection
    /// failed or the chat stalled for the phase timeout.
    bool chatFor(std::int64_t ns, const char* phase)
    {
        const std::int64_t end = nowNs() + ns;
        std::string why;
        const bool ok = runBounded(
            *m_pool, m_context, [this, end] { return nowNs() >= end || !m_row.valid; },
            [this] { return m_deliveries.delivered(); }, &why);
        if (!ok && m_row.valid)
            m_row.invalidate(std::string(phase) + ": " + why);
        return m_row.valid;
    }

    void sendMore()
    {
        if (m_stopping || m_sent != m_completed)
            return;
        const PayloadHeader header { 0, m_sent, nowNs() };
        m_pool->send(m_pool->at(0),
            m_context.dialect.roomSend(makePayload(header, m_context.options.bodyBytes), m_sent));
        ++m_sent;
    }

    void onMessage(Connection& connection, std::string_view body)
    {
        const std::size_t who = connection.index();
        const auto header = m_deliveries.accept(m_row, who, body, 0);
        if (!header)
            return;
        if (who != 0 && m_measuring)
            m_latency.record(nowNs() - header->sentNs);
        if (++m_copies == m_members) {
            m_copies = 0;
            ++m_completed;
            sendMore();
        }
    }

    void report(std::int64_t openNs, std::optional<std::int64_t> rssBefore,
        std::optional<std::int64_t> rssFirst, std::optional<std::int64_t> rssAfter)
    {
        const Options& options = m_context.options;
        const double connects = double(options.connections * options.cycles);
        m_row.figures.add("connects_per_s", openNs > 0 ? connects * 1e9 / double(openNs) : 0.0)
            .add("chat_messages", m_sent);
        addLatency(m_row.figures, "chat_latency", m_latency);
        addWindow(m_row, "churn", m_window);
        if (rssBefore && rssFirst && rssAfter) {
            m_row.figures.add("server_rss_bytes_before", *rssBefore)
                .add("server_rss_bytes_after_first_cycle", *rssFirst)
                .add("server_rss_bytes_after", *rssAfter)
                .add("server_rss_growth_bytes_per_cycle",
                    options.cycles > 1 ? double(*rssAfter - *rssFirst) / double(options.cycles - 1)
                                       : 0.0);
        }
    }

    const Context& m_context;
    Row& m_row;
    Pool* m_pool = nullptr;
    std::size_t m_members;
    Deliveries m_deliveries;
    std::uint64_t m_sent = 0, m_completed = 0, m_acks = 0;
    std::size_t m_copies = 0; ///< of the message in flight, among the members
    bool m_stopping = false;
    bool m_measuring = false; ///< chat latency is recorded during the churn only
    Histogram m_latency;
    Window m_window;
};

} // namespace

Row runChurn(const Context& context)
{
    Row row = startRow(context);
    const Options& options = context.options;
    row.params.add("churners", options.connections)
        .add("cycles", options.cycles)
        .add("chat_members", options.busyClients);
    return runScenario<Churn>(context, std::move(row));
}

} // namespace loadgen
