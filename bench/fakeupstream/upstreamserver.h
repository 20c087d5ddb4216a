#pragma once

#include "httprequest.h"
#include "prompt.h"

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace fakeupstream {

/// The fake model server: accepts HTTP/1.1 connections on 127.0.0.1, answers each POST
/// …/chat/completions with a streamed reply paced as its prompt asks (parsePrompt; a prompt
/// without the marker gets defaultPlan) and keeps the connection for the next request. One
/// thread, one epoll loop; the tokens' send times come from one timer queue.
class UpstreamServer
{
public:
    /// Replies to prompts that do not say how (a title request, say): short and quick.
    static constexpr ReplyPlan defaultPlan { 1, 1000 };
    /// Bytes waiting for one slow reader before its connection is dropped.
    static constexpr std::size_t maxQueuedBytes = 64 * 1024 * 1024;

    UpstreamServer() = default;
    ~UpstreamServer();
    UpstreamServer(const UpstreamServer&) = delete;
    UpstreamServer& operator=(const UpstreamServer&) = delete;

    /// Listens on 127.0.0.1:`port` (0: any free port); the port, or 0 with `error` set.
    std::uint16_t listen(std::uint16_t port, std::string* error);
    /// Serves until `stopFd` (a signalfd, say) is readable.
    void run(int stopFd);

private:
    struct Client
    {
        int fd = -1;
        RequestReader reader;
        std::string out;
        std::size_t outOffset = 0;
        bool streaming = false; ///< a reply is under way: further requests wait for its end
        bool closeAfterWrite = false;
        ReplyPlan plan;
        std::uint64_t nextToken = 0;
        std::int64_t startNs = 0;
        bool wantsWrite = false;
    };
    struct Due
    {
        std::int64_t atNs;
        std::uint64_t client;
        bool operator>(const Due& other) const { return atNs > other.atNs; }
    };

    void accept();
    void onReadable(std::uint64_t id, Client& client);
    /// Starts answering the complete request in the reader, if no reply is under way.
    void serveRequests(std::uint64_t id, Client& client);
    void sendToken(std::uint64_t id, Client& client, std::int64_t now);
    void schedule(std::uint64_t id, const Client& client);
    /// Writes what is queued; false when the client is gone (it is closed then).
    bool flush(std::uint64_t id, Client& client);
    void close(std::uint64_t id);
    int nextTimeoutMs(std::int64_t now) const;

    int m_epoll = -1;
    int m_listen = -1;
    std::uint64_t m_nextId = 1; ///< epoll data: 0 the listener, else a client id
    std::unordered_map<std::uint64_t, Client> m_clients;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> m_timers;
};

} // namespace fakeupstream
