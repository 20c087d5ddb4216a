#include "upstreamserver.h"

#include "sse.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fakeupstream {

namespace {

constexpr std::uint64_t stopKey = ~std::uint64_t(0);

std::int64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

UpstreamServer::~UpstreamServer()
{
    for (auto& entry : m_clients)
        ::close(entry.second.fd);
    if (m_listen >= 0)
        ::close(m_listen);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

std::uint16_t UpstreamServer::listen(std::uint16_t port, std::string* error)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_listen = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int on = 1;
    setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_epoll < 0 || m_listen < 0
        || bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
        || ::listen(m_listen, 4096) != 0
        || getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        *error = std::strerror(errno);
        return 0;
    }
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = 0;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listen, &event);
    return ntohs(address.sin_port);
}

void UpstreamServer::run(int stopFd)
{
    epoll_event stop {};
    stop.events = EPOLLIN;
    stop.data.u64 = stopKey;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, stopFd, &stop);
    epoll_event events[256];
    for (;;) {
        const int count = epoll_wait(m_epoll, events, 256, nextTimeoutMs(nowNs()));
        for (int i = 0; i < count; ++i) {
            const std::uint64_t key = events[i].data.u64;
            if (key == stopKey)
                return;
            if (key == 0) {
                accept();
                continue;
            }
            const auto found = m_clients.find(key);
            if (found == m_clients.end())
                continue;
            if (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) {
                if (!flush(key, found->second))
                    continue;
            }
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                onReadable(key, found->second);
        }
        // Tokens that are due, each stamped when it is made.
        const std::int64_t now = nowNs();
        while (!m_timers.empty() && m_timers.top().atNs <= now) {
            const Due due = m_timers.top();
            m_timers.pop();
            const auto found = m_clients.find(due.client);
            if (found != m_clients.end() && found->second.streaming)
                sendToken(due.client, found->second, nowNs());
        }
    }
}

int UpstreamServer::nextTimeoutMs(std::int64_t now) const
{
    if (m_timers.empty())
        return 1000;
    const std::int64_t waitNs = m_timers.top().atNs - now;
    // Round up: waking early only spins.
    return waitNs <= 0 ? 0 : int(std::min<std::int64_t>((waitNs + 999999) / 1000000, 1000));
}

void UpstreamServer::accept()
{
    for (;;) {
        const int fd = accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        const int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        const std::uint64_t id = m_nextId++;
        m_clients[id].fd = fd;
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.u64 = id;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    }
}

void UpstreamServer::onReadable(std::uint64_t id, Client& client)
{
    char buffer[16384];
    for (;;) {
        const ssize_t got = ::read(client.fd, buffer, sizeof buffer);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            close(id); // the server hung up (a stopped reply, or it is done with the connection)
            return;
        }
        if (got < 0)
            break;
        client.reader.feed(std::string_view(buffer, std::size_t(got)));
    }
    serveRequests(id, client);
}

void UpstreamServer::serveRequests(std::uint64_t id, Client& client)
{
    if (client.streaming || client.closeAfterWrite)
        return;
    const RequestReader::State state = client.reader.state();
    if (state == RequestReader::State::Bad) {
        client.out += errorResponse(400, "Bad Request", client.reader.error());
        client.closeAfterWrite = true;
        flush(id, client);
        return;
    }
    if (state != RequestReader::State::Complete)
        return;
    const std::string& path = client.reader.path();
    constexpr std::string_view endpoint = "/chat/completions";
    if (client.reader.method() != "POST" || path.size() < endpoint.size()
        || path.compare(path.size() - endpoint.size(), endpoint.size(), endpoint) != 0) {
        client.out += errorResponse(404, "Not Found", "only POST .../chat/completions");
        client.closeAfterWrite = true;
        flush(id, client);
        return;
    }
    client.plan = parsePrompt(client.reader.body()).value_or(defaultPlan);
    client.reader.next();
    client.streaming = true;
    client.nextToken = 0;
    client.startNs = nowNs();
    client.out += streamHead();
    sendToken(id, client, client.startNs);
}

void UpstreamServer::sendToken(std::uint64_t id, Client& client, std::int64_t now)
{
    client.out += contentChunk(tokenText(client.nextToken, now));
    if (++client.nextToken == client.plan.tokens) {
        client.out += finishChunks(client.plan.tokens);
        client.streaming = false;
    } else {
        schedule(id, client);
    }
    if (!flush(id, client))
        return;
    if (!client.streaming)
        serveRequests(id, client); // a request that came in while this reply streamed
}

void UpstreamServer::schedule(std::uint64_t id, const Client& client)
{
    const double offsetNs = double(client.nextToken) * 1e9 / client.plan.tokensPerSecond;
    m_timers.push({ client.startNs + std::int64_t(offsetNs), id });
}

bool UpstreamServer::flush(std::uint64_t id, Client& client)
{
    while (client.outOffset < client.out.size()) {
        const ssize_t wrote = ::send(client.fd, client.out.data() + client.outOffset,
            client.out.size() - client.outOffset, MSG_NOSIGNAL);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote < 0 && errno != EAGAIN) {
            close(id);
            return false;
        }
        if (wrote < 0)
            break;
        client.outOffset += std::size_t(wrote);
    }
    if (client.outOffset == client.out.size()) {
        client.out.clear();
        client.outOffset = 0;
        if (client.closeAfterWrite) {
            close(id);
            return false;
        }
    } else if (client.out.size() - client.outOffset > maxQueuedBytes) {
        close(id); // a reader that stopped reading: bounded, like any upstream's patience
        return false;
    }
    const bool wantsWrite = !client.out.empty();
    if (wantsWrite != client.wantsWrite) {
        client.wantsWrite = wantsWrite;
        epoll_event event {};
        event.events = EPOLLIN | (wantsWrite ? EPOLLOUT : 0u);
        event.data.u64 = id;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, client.fd, &event);
    }
    return true;
}

void UpstreamServer::close(std::uint64_t id)
{
    const auto found = m_clients.find(id);
    if (found == m_clients.end())
        return;
    ::close(found->second.fd); // also leaves the epoll set
    m_clients.erase(found);
}

} // namespace fakeupstream
