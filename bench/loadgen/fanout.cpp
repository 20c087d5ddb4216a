// fanout: one sender, N receivers in one room. Each send is done when every receiver and the
// sender itself have it; with --in-flight K at most K sends are not done at any time.

#include "clock.h"
#include "deliveries.h"
#include "payload.h"
#include "scenario.h"

namespace loadgen {

namespace {

class Fanout : public Handler
{
public:
    Fanout(const Context& context, Row& row)
        : m_context(context)
        , m_row(row)
        , m_receivers(context.options.connections)
        , m_total(context.options.warmup + context.options.messages)
        , m_left(m_total, std::uint32_t(m_receivers + 1))
        , m_deliveries(m_receivers + 1)
        , m_window(context.options.serverPid)
    { }

    void run(Pool& pool)
    {
        m_pool = &pool;
        if (!openAll(pool, m_context, m_receivers + 1, m_row))
            return;
        m_sender = &pool.at(0);
        sendMore();
        std::string why;
        if (!runBounded(
                pool, m_context, [this] { return m_completed == m_total || !m_row.valid; },
                [this] { return m_deliveries.delivered(); }, &why))
            m_row.invalidate(why + " (" + std::to_string(m_completed) + " of "
                + std::to_string(m_total) + " sends done)");
        if (m_windowStarted) {
            m_window.stop();
            report();
        }
        check();
    }

    void onEvent(Connection& connection, const Event& event) override
    {
        if (isRoomMessage(m_row, event, &connection == m_sender, &m_acks))
            onMessage(connection, event.body);
    }

private:
    void sendMore()
    {
        const Options& options = m_context.options;
        while (m_sent < m_total && m_sent - m_completed < options.inFlight) {
            if (m_sent == options.warmup) {
                // The measured window starts with the first measured send.
                m_windowStarted = true;
                m_window.start();
            }
            const PayloadHeader header { 0, m_sent, nowNs() };
            m_pool->send(*m_sender,
                m_context.dialect.roomSend(makePayload(header, options.bodyBytes), m_sent));
            ++m_sent;
        }
    }

    void onMessage(Connection& connection, std::string_view body)
    {
        const std::size_t who = connection.index(); // 0: the sender
        const auto header = m_deliveries.accept(m_row, who, body, 0);
        if (!header)
            return;
        if (who != 0 && header->seq >= m_context.options.warmup)
            m_latency.record(nowNs() - header->sentNs);
        if (--m_left[header->seq] == 0) {
            ++m_completed;
            sendMore();
        }
    }

    void report()
    {
        const double seconds = m_window.seconds();
        const auto measured = double(m_context.options.messages);
        m_row.figures.add("messages_per_s", seconds > 0 ? measured / seconds : 0.0)
            .add("deliveries_per_s", seconds > 0 ? measured * double(m_receivers) / seconds : 0.0);
        addLatency(m_row.figures, "latency", m_latency);
        addWindow(m_row, "window", m_window);
    }

    void check()
    {
        m_deliveries.verdict(m_row, m_total * (m_receivers + 1), m_acks,
            m_context.dialect.acksSends() ? std::optional<std::uint64_t>(m_total) : std::nullopt,
            m_pool->otherEvents());
    }

    const Context& m_context;
    Row& m_row;
    Pool* m_pool = nullptr;
    Connection* m_sender = nullptr;
    std::size_t m_receivers;
    std::uint64_t m_total;
    std::vector<std::uint32_t> m_left; ///< per send: copies still to arrive
    Deliveries m_deliveries;
    std::uint64_t m_sent = 0, m_completed = 0, m_acks = 0;
    Histogram m_latency;
    Window m_window;
    bool m_windowStarted = false;
};

} // namespace

Row runFanout(const Context& context)
{
    Row row = startRow(context);
    const Options& options = context.options;
    row.params.add("receivers", options.connections);
    addSendParams(row, options);
    return runScenario<Fanout>(context, std::move(row));
}

} // namespace loadgen
