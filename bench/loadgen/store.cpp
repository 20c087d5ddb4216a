// store: stored-message throughput. R seeded rooms with the members spread over them; in each room
// one sender keeps K sends waiting for their ack (the server has stored the message when it
// acks), every member, the sender included, receives each message once and in order.

#include "clock.h"
#include "deliveries.h"
#include "payload.h"
#include "scenario.h"

#include <charconv>

namespace loadgen {

namespace {

class Store : public Handler
{
public:
    Store(const Context& context, Row& row)
        : m_context(context)
        , m_row(row)
        , m_rooms(context.options.rooms)
        , m_members(context.options.connections)
        , m_sentNs(m_rooms, std::vector<std::int64_t>(totalPerRoom(), 0))
        , m_sent(m_rooms, 0)
        , m_acked(m_rooms, 0)
        , m_deliveries(m_members)
        , m_window(context.options.serverPid)
    { }

    void run(Pool& pool)
    {
        m_pool = &pool;
        if (!openAll(pool, m_context, m_members, m_row))
            return;
        const Options& options = m_context.options;
        // Warm-up, then the measured sends: each phase ends when every ack and every copy is in.
        if (options.warmup > 0 && !phase(options.warmup, "warm-up"))
            return;
        m_window.start();
        const bool measured = phase(totalPerRoom(), "measured sends");
        if (!m_windowStopped)
            m_window.stop();
        report();
        if (measured)
            check();
    }

    void onEvent(Connection& connection, const Event& event) override
    {
        switch (event.kind) {
        case EventKind::Message:
            onMessage(connection, event.body);
            break;
        case EventKind::Ack:
            onAck(connection, event.body);
            break;
        case EventKind::Error:
            m_row.invalidate("server error: " + std::string(event.body.substr(0, 300)));
            break;
        default:
            m_row.invalidate("unexpected event");
            break;
        }
    }

private:
    std::uint64_t totalPerRoom() const
    {
        return m_context.options.warmup + m_context.options.messages;
    }
    /// The room connection `i` is in: bench-seed puts user u in room u mod R.
    std::size_t roomOf(std::size_t i) const { return (i % m_context.identities) % m_rooms; }
    /// Every copy of the first `sends` messages of each room, to every member.
    bool phase(std::uint64_t sends, const char* name)
    {
        m_limit = sends;
        for (std::size_t room = 0; room < m_rooms; ++room)
            sendMore(room);
        const std::uint64_t expected = sends * m_members;
        std::string why;
        if (!runBounded(
                *m_pool, m_context,
                [&] {
                    return !m_row.valid
                        || (m_deliveries.delivered() == expected && m_acks == sends * m_rooms);
                },
                [this] { return m_deliveries.delivered() + m_acks; }, &why))
            m_row.invalidate(why + " in the " + name + " (" + std::to_string(m_acks) + " acks, "
                + std::to_string(m_deliveries.delivered()) + " of " + std::to_string(expected)
                + " copies)");
        return m_row.valid;
    }

    void sendMore(std::size_t room)
    {
        const Options& options = m_context.options;
        Connection& sender = m_pool->at(room); // connection r is user r, room r's owner
        while (m_sent[room] < m_limit && m_sent[room] - m_acked[room] < options.inFlight) {
            const std::uint64_t seq = m_sent[room]++;
            m_sentNs[room][seq] = nowNs();
            const PayloadHeader header { room, seq, m_sentNs[room][seq] };
            m_pool->send(sender,
                m_context.dialect.roomSend(makePayload(header, options.bodyBytes), seq, room));
        }
    }

    /// The ack names the clientMsgId, which ends in -ROOM-SEQ (the palaver dialect).
    void onAck(Connection& connection, std::string_view clientMsgId)
    {
        const std::size_t room = connection.index();
        std::uint64_t seq = 0;
        const std::size_t dash = clientMsgId.rfind('-');
        const char* end = clientMsgId.data() + clientMsgId.size();
        if (room >= m_rooms || dash == std::string_view::npos
            || std::from_chars(clientMsgId.data() + dash + 1, end, seq).ptr != end
            || seq >= m_sent[room] || m_sentNs[room][seq] == 0) {
            m_row.invalidate("an ack for no outstanding send: " + std::string(clientMsgId));
            return;
        }
        const std::int64_t now = nowNs();
        if (seq >= m_context.options.warmup)
            m_ackLatency.record(now - m_sentNs[room][seq]);
        m_sentNs[room][seq] = 0; // a second ack for it is an error
        ++m_acked[room];
        ++m_acks;
        if (m_acks == totalPerRoom() * m_rooms) {
            // Stored throughput: the window ends with the last ack.
            m_window.stop();
            m_windowStopped = true;
        }
        sendMore(room);
    }

    void onMessage(Connection& connection, std::string_view body)
    {
        m_deliveries.accept(m_row, connection.index(), body, roomOf(connection.index()));
    }

    void report()
    {
        const double seconds = m_window.seconds();
        const double stored = double(m_context.options.messages * m_rooms);
        m_row.figures.add("stored_per_s", seconds > 0 ? stored / seconds : 0.0);
        if (const auto cpu = m_window.serverCpuPercent())
            m_row.figures.add("server_cpu_us_per_message", *cpu / 100.0 * seconds * 1e6 / stored);
        addLatency(m_row.figures, "ack_latency", m_ackLatency);
        addWindow(m_row, "window", m_window);
    }

    void check()
    {
        m_deliveries.verdict(m_row, totalPerRoom() * m_members, m_acks, totalPerRoom() * m_rooms,
            m_pool->otherEvents());
    }

    const Context& m_context;
    Row& m_row;
    Pool* m_pool = nullptr;
    std::size_t m_rooms, m_members;
    std::vector<std::vector<std::int64_t>> m_sentNs; ///< per room and seq; 0 once acked
    std::vector<std::uint64_t> m_sent, m_acked; ///< per room
    Deliveries m_deliveries;
    std::uint64_t m_limit = 0, m_acks = 0;
    Histogram m_ackLatency;
    Window m_window;
    bool m_windowStopped = false;
};

} // namespace

Row runStore(const Context& context)
{
    Row row = startRow(context);
    const Options& options = context.options;
    row.params.add("rooms", options.rooms);
    addSendParams(row, options);
    if (options.connections < options.rooms || context.identities < options.rooms) {
        row.invalidate("store needs at least one connection and one token per room");
        return row;
    }
    return runScenario<Store>(context, std::move(row));
}

} // namespace loadgen
