#include "echoclients.h"

#include "clock.h"
#include "payload.h"

#include <algorithm>

namespace loadgen {

EchoClients::EchoClients(const Dialect& dialect, std::size_t bodyBytes, Row& row)
    : m_dialect(dialect)
    , m_bodyBytes(std::min(bodyBytes, dialect.maxEchoBody()))
    , m_row(row)
{ }

void EchoClients::add(Connection& connection)
{
    m_clients[&connection].connection = &connection;
}

bool EchoClients::isClient(const Connection& connection) const
{
    return m_clients.count(&connection) != 0;
}

void EchoClients::begin(Pool& pool, std::uint64_t perClient, bool measure)
{
    m_latency = Histogram();
    m_completed = 0;
    m_measure = measure;
    m_stopping = false;
    m_unbounded = perClient == 0;
    for (auto& [key, client] : m_clients) {
        client.left = perClient;
        sendNext(pool, client);
    }
}

void EchoClients::sendNext(Pool& pool, Client& client)
{
    if (m_stopping || (!m_unbounded && client.left == 0))
        return;
    if (!m_unbounded)
        --client.left;
    const PayloadHeader header { client.connection->index(), client.nextSeq++, nowNs() };
    client.waiting = true;
    ++m_outstanding;
    pool.send(*client.connection, m_dialect.echo(makePayload(header, m_bodyBytes)));
}

bool EchoClients::onEcho(Pool& pool, Connection& connection, std::string_view body)
{
    const auto found = m_clients.find(&connection);
    if (found == m_clients.end())
        return false;
    Client& client = found->second;
    const auto header = checkPayload(body);
    if (!client.waiting) {
        m_row.invalidate("echo client " + std::to_string(connection.index())
            + " got an answer it did not ask for");
        return true;
    }
    if (!header || header->stream != connection.index() || header->seq + 1 != client.nextSeq) {
        m_row.invalidate("echo client " + std::to_string(connection.index())
            + " got a wrong or corrupt answer: " + std::string(body.substr(0, 80)));
        return true;
    }
    client.waiting = false;
    --m_outstanding;
    ++m_completed;
    if (m_measure)
        m_latency.record(nowNs() - header->sentNs);
    sendNext(pool, client);
    return true;
}

} // namespace loadgen
