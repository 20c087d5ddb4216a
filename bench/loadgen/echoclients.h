#pragma once

#include "dialect.h"
#include "histogram.h"
#include "pool.h"
#include "report.h"

#include <unordered_map>

namespace loadgen {

/// Clients doing echo round trips one after another, each checking that every answer is its own
/// next one, intact. Used by `echo` and by `idle` (the busy clients of the idle tax).
class EchoClients
{
public:
    EchoClients(const Dialect& dialect, std::size_t bodyBytes, Row& row);

    /// Makes `connection` one of the clients.
    void add(Connection& connection);
    /// Every client starts sending: up to `perClient` round trips each (0: until stop()),
    /// latencies recorded when `measure`.
    void begin(Pool& pool, std::uint64_t perClient, bool measure);
    /// No new requests; the ones under way still come back.
    void stop() { m_stopping = true; }
    /// Every client did its round trips (with `perClient`), or nothing is under way after stop().
    bool finished() const { return m_outstanding == 0; }
    /// Round trips completed since begin().
    std::uint64_t completed() const { return m_completed; }
    const Histogram& latency() const { return m_latency; }

    /// An Echo event on one of the clients; false when it is not one.
    bool onEcho(Pool& pool, Connection& connection, std::string_view body);
    bool isClient(const Connection& connection) const;

private:
    struct Client
    {
        Connection* connection = nullptr;
        std::uint64_t nextSeq = 0; ///< the next sequence number to send
        std::uint64_t left = 0; ///< round trips still to do in this phase
        bool waiting = false;
    };
    void sendNext(Pool& pool, Client& client);

    const Dialect& m_dialect;
    std::size_t m_bodyBytes;
    Row& m_row;
    std::unordered_map<const Connection*, Client> m_clients;
    Histogram m_latency;
    std::uint64_t m_completed = 0;
    std::uint64_t m_outstanding = 0; ///< clients with a request under way
    bool m_measure = false;
    bool m_stopping = false;
    bool m_unbounded = false;
};

} // namespace loadgen
