#pragma once

#include "connection.h"
#include "dialect.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <vector>

namespace loadgen {

/// Where the connections go, and from which local addresses (one port range per source address:
/// beyond about 28 000 connections to one server port, spread them over several).
struct Target
{
    sockaddr_in address {};
    std::string hostHeader; ///< "HOST:PORT" for the upgrade request
    std::vector<in_addr> sources; ///< empty: the kernel picks
};

/// What a scenario hears from its connections.
class Handler
{
public:
    virtual ~Handler() = default;
    virtual void onReady(Connection&) { }
    /// Every message after the connection is ready, but those of kind Other.
    virtual void onEvent(Connection& connection, const Event& event) = 0;
    /// A message of kind Other (`type`: what the dialect calls it), after it was counted.
    virtual void onOther(Connection&, std::string_view /*type*/, std::string_view /*message*/) { }
};

/// The connections of a run on one epoll loop: opens them (TCP, upgrade, sign-in or join),
/// reads and dispatches their messages, writes what they queue. Single-threaded.
class Pool
{
public:
    Pool(const Target& target, const Dialect& dialect, Handler& handler);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    /// Opens `count` connections with identities first … first+count-1 (for palaver: which
    /// token), at most `concurrency` opening at once, and returns when all of them are ready;
    /// false at `deadlineNs` or when one failed (failure() says why).
    bool open(
        std::size_t first, std::size_t count, std::size_t concurrency, std::int64_t deadlineNs);
    /// Runs the loop until `done()` holds (checked after every batch of events) or the deadline;
    /// false on timeout or when a connection failed.
    bool runUntil(const std::function<bool()>& done, std::int64_t deadlineNs);

    Connection& at(std::size_t i) { return *m_connections[i]; }
    std::size_t size() const { return m_connections.size(); }
    /// Sends a message (framed by the connection) and asks to be told when it could not all go.
    void send(Connection& connection, std::string_view text);
    /// Sends an already framed message.
    void sendBytes(Connection& connection, std::string_view bytes);

    /// The first connection failure, empty while there is none.
    const std::string& failure() const { return m_failure; }
    /// Messages of kind Other that arrived on ready connections.
    std::uint64_t otherEvents() const { return m_otherEvents; }
    /// Closes every connection (in the order they were opened).
    void closeAll();
    /// Closes the connections opened after the first `keep` and forgets them (churn); call it
    /// between open() and runUntil(), not from a handler.
    void closeNewest(std::size_t keep);

private:
    bool startConnection(std::size_t identity);
    /// One round of epoll_wait (at most `timeoutMs`) and its events.
    void poll(int timeoutMs);
    void onReadable(Connection& connection);
    void onWritable(Connection& connection);
    void dispatch(Connection& connection, std::string_view message);
    void updateInterest(Connection& connection);
    void noteFailure(Connection& connection);

    Target m_target;
    const Dialect& m_dialect;
    Handler& m_handler;
    int m_epoll = -1;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::string m_upgrade; ///< the upgrade request (the same for all, but for the key)
    std::size_t m_opening = 0;
    std::size_t m_nextSource = 0;
    std::uint64_t m_otherEvents = 0;
    std::string m_failure;
};

} // namespace loadgen
