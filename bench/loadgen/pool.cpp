#include "pool.h"

#include "clock.h"
#include "httpupgrade.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace loadgen {

namespace {

std::string describe(const sockaddr_in& address)
{
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &address.sin_addr, text, sizeof text);
    return std::string(text) + ':' + std::to_string(ntohs(address.sin_port));
}

} // namespace

Pool::Pool(const Target& target, const Dialect& dialect, Handler& handler)
    : m_target(target)
    , m_dialect(dialect)
    , m_handler(handler)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
{ }

Pool::~Pool()
{
    closeAll();
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void Pool::closeAll()
{
    m_connections.clear();
    m_opening = 0;
}

void Pool::closeNewest(std::size_t keep)
{
    // Their descriptors close with them, which takes them out of the epoll set; events already
    // fetched for their slots are skipped by poll() (slot past the end).
    if (keep < m_connections.size())
        m_connections.resize(keep);
}

bool Pool::startConnection(std::size_t identity)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        m_failure = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!m_target.sources.empty()) {
        // Let connect() choose the port, so each source address has its own 4-tuple space.
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in local {};
        local.sin_family = AF_INET;
        local.sin_addr = m_target.sources[m_nextSource++ % m_target.sources.size()];
        if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            m_failure = "bind to " + describe(local) + ": " + std::strerror(errno);
            ::close(fd);
            return false;
        }
    }
    auto connection = std::make_unique<Connection>(identity, fd, m_dialect.websocket());
    connection->openedNs = nowNs();
    const int rc = ::connect(
        fd, reinterpret_cast<const sockaddr*>(&m_target.address), sizeof m_target.address);
    if (rc != 0 && errno != EINPROGRESS) {
        m_failure = "connect to " + describe(m_target.address) + ": " + std::strerror(errno);
        return false; // the connection closes its fd
    }
    epoll_event event {};
    event.events = EPOLLOUT; // writable: the connect finished (or failed)
    event.data.u64 = m_connections.size();
    connection->slot = m_connections.size();
    connection->interest = event.events;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
        m_failure = std::string("epoll_ctl: ") + std::strerror(errno);
        return false;
    }
    m_connections.push_back(std::move(connection));
    ++m_opening;
    return true;
}

bool Pool::open(
    std::size_t first, std::size_t count, std::size_t concurrency, std::int64_t deadlineNs)
{
    const std::size_t target = m_connections.size() + count;
    std::size_t next = first;
    concurrency = std::max<std::size_t>(concurrency, 1);
    while (true) {
        while (m_connections.size() < target && m_opening < concurrency) {
            if (!startConnection(next++))
                return false;
        }
        if (m_connections.size() == target && m_opening == 0)
            return true;
        if (!m_failure.empty())
            return false;
        const std::int64_t left = deadlineNs - nowNs();
        if (left <= 0) {
            m_failure = "timed out opening connections ("
                + std::to_string(m_connections.size() - m_opening) + " of " + std::to_string(target)
                + " ready)";
            return false;
        }
        poll(int(std::min<std::int64_t>(left / 1000000 + 1, 100)));
    }
}

bool Pool::runUntil(const std::function<bool()>& done, std::int64_t deadlineNs)
{
    while (!done()) {
        if (!m_failure.empty())
            return false;
        const std::int64_t left = deadlineNs - nowNs();
        if (left <= 0)
            return false;
        poll(int(std::min<std::int64_t>(left / 1000000 + 1, 100)));
    }
    return m_failure.empty();
}

void Pool::poll(int timeoutMs)
{
    epoll_event events[256];
    const int n = epoll_wait(m_epoll, events, 256, timeoutMs);
    for (int i = 0; i < n; ++i) {
        const std::size_t slot = std::size_t(events[i].data.u64);
        if (slot >= m_connections.size())
            continue;
        Connection& connection = *m_connections[slot];
        if (connection.state() == Connection::State::Closed)
            continue;
        if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onWritable(connection);
        if (connection.state() != Connection::State::Closed
            && (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
            onReadable(connection);
        if (connection.state() == Connection::State::Closed)
            noteFailure(connection);
        else
            updateInterest(connection);
    }
}

void Pool::noteFailure(Connection& connection)
{
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection.fd(), nullptr);
    if (m_failure.empty()) {
        m_failure = "connection " + std::to_string(connection.index()) + ": "
            + (connection.error().empty() ? std::string("closed") : connection.error());
    }
}

void Pool::updateInterest(Connection& connection)
{
    const std::uint32_t wanted = connection.state() == Connection::State::Connecting
        ? std::uint32_t(EPOLLOUT)
        : std::uint32_t(EPOLLIN) | (connection.wantsWrite() ? std::uint32_t(EPOLLOUT) : 0u);
    if (wanted == connection.interest)
        return;
    connection.interest = wanted;
    epoll_event event {};
    event.events = wanted;
    event.data.u64 = connection.slot;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection.fd(), &event);
}

void Pool::onWritable(Connection& connection)
{
    if (connection.state() == Connection::State::Connecting) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(connection.fd(), SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
            connection.fail(
                "connect to " + describe(m_target.address) + ": " + std::strerror(error));
            return;
        }
        if (m_dialect.websocket()) {
            connection.setState(Connection::State::Upgrading);
            connection.sendBytes(
                upgradeRequest(m_target.hostHeader, m_dialect.path(), m_dialect.subprotocol()));
        } else {
            connection.setState(Connection::State::SigningIn);
            connection.sendMessage(m_dialect.signIn(connection.index()));
        }
        return;
    }
    connection.flush();
}

void Pool::onReadable(Connection& connection)
{
    if (!connection.readSome())
        return;
    if (connection.state() == Connection::State::Upgrading) {
        const UpgradeResponse answer = parseUpgradeResponse(connection.input());
        if (answer.state == UpgradeResponse::State::Incomplete)
            return;
        if (answer.state == UpgradeResponse::State::Refused) {
            connection.fail("upgrade refused: " + answer.statusLine);
            return;
        }
        connection.consume(answer.headerBytes);
        connection.setState(Connection::State::SigningIn);
        connection.sendMessage(m_dialect.signIn(connection.index()));
    }
    std::string_view message;
    while (connection.state() != Connection::State::Closed && connection.nextMessage(&message))
        dispatch(connection, message);
    connection.compact();
}

void Pool::dispatch(Connection& connection, std::string_view message)
{
    const Event event = m_dialect.classify(message);
    if (connection.state() == Connection::State::SigningIn) {
        if (event.kind == EventKind::Ready) {
            connection.setState(Connection::State::Ready);
            --m_opening;
            m_handler.onReady(connection);
        } else if (event.kind == EventKind::Error) {
            connection.fail("sign-in refused: " + std::string(event.body.substr(0, 300)));
        }
        return; // anything else before it is ready (an announcement) is not the run's
    }
    if (event.kind == EventKind::Other) {
        ++connection.othersIn;
        ++m_otherEvents;
        m_handler.onOther(connection, event.body, message);
        return;
    }
    ++connection.messagesIn;
    m_handler.onEvent(connection, event);
}

void Pool::send(Connection& connection, std::string_view text)
{
    connection.sendMessage(text);
    if (connection.state() == Connection::State::Closed)
        noteFailure(connection);
    else
        updateInterest(connection);
}

void Pool::sendBytes(Connection& connection, std::string_view bytes)
{
    connection.sendBytes(bytes);
    if (connection.state() == Connection::State::Closed)
        noteFailure(connection);
    else
        updateInterest(connection);
}

} // namespace loadgen
