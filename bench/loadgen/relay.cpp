// relay: S AI reply streams at once through the server, from a palaver-fakeupstream. Each
// connection makes a private AI chat, then all send their prompt together; the upstream stamps
// every token with its send time, so each token's arrival tells the latency the server adds.

#include "clock.h"
#include "jsonscan.h"
#include "replytokens.h"
#include "scenario.h"

#include <algorithm>
#include <unordered_map>

namespace loadgen {

namespace {

class Relay : public Handler
{
public:
    Relay(const Context& context, Row& row)
        : m_context(context)
        , m_row(row)
        , m_streams(context.options.connections)
        , m_window(context.options.serverPid)
    { }

    void run(Pool& pool)
    {
        m_pool = &pool;
        const Options& options = m_context.options;
        if (!openAll(pool, m_context, m_streams.size(), m_row))
            return;
        // Phase 1: one private AI chat per connection.
        for (std::size_t i = 0; i < m_streams.size(); ++i)
            pool.send(pool.at(i),
                R"({"type":"conversation.create","id":"relay-)" + std::to_string(i)
                    + R"(","title":"relay"})");
        if (!phase([this] { return m_created; }, m_streams.size(), "creating the chats"))
            return;
        // Phase 2: every prompt at once; the server's memory and threads before and during.
        const pid_t pid = options.serverPid;
        const auto rssBefore = processRssBytes(pid);
        const auto threadsBefore = processThreads(pid);
        const std::string prompt = "fakeupstream tokens=" + std::to_string(options.replyTokens)
            + " tps=" + std::to_string(options.tokensPerSecond);
        m_window.start();
        m_streaming = true;
        for (std::size_t i = 0; i < m_streams.size(); ++i) {
            m_streams[i].sentNs = nowNs();
            pool.send(pool.at(i),
                R"({"type":"message.send","convId":")" + m_streams[i].convId
                    + R"(","clientMsgId":"relay-)" + std::to_string(i) + R"(","text":")" + prompt
                    + "\"}");
        }
        const bool streamed = phase([this] { return m_ended; }, m_streams.size(), "streaming");
        m_window.stop();
        m_streaming = false;
        report(rssBefore, threadsBefore);
        if (streamed)
            check();
    }

    void onEvent(Connection&, const Event& event) override
    {
        // The prompt's own message and its ack are expected; an error is not.
        if (event.kind == EventKind::Error)
            m_row.invalidate("server error: " + std::string(event.body.substr(0, 300)));
        else if (event.kind != EventKind::Message && event.kind != EventKind::Ack)
            m_row.invalidate("unexpected event");
    }

    void onOther(Connection& connection, std::string_view type, std::string_view message) override
    {
        if (type == "conversation") {
            const std::size_t i = connection.index();
            if (jsonString(message, "id") != "relay-" + std::to_string(i)
                || !m_streams[i].convId.empty())
                return; // another connection's chat, pushed to all of the user's connections
            const auto convId = jsonString(message, "convId");
            if (!convId) {
                m_row.invalidate("a conversation without convId");
                return;
            }
            m_streams[i].convId = std::string(*convId);
            m_owner[m_streams[i].convId] = i;
            ++m_created;
            return;
        }
        if (type.rfind("generation.", 0) != 0)
            return;
        // A user's events reach all of their connections: each stream is read on its own.
        const auto convId = jsonString(message, "convId");
        const auto owner = convId ? m_owner.find(std::string(*convId)) : m_owner.end();
        if (owner == m_owner.end() || owner->second != connection.index())
            return;
        Stream& stream = m_streams[owner->second];
        if (type == "generation.delta")
            onDelta(stream, message);
        else if (type == "generation.end")
            onEnd(stream, message);
    }

private:
    struct Stream
    {
        std::string convId;
        std::int64_t sentNs = 0;
        ReplyTokens tokens;
        long long lastDeltaSeq = 0;
        bool ended = false;
    };

    bool phase(const std::function<std::size_t()>& count, std::size_t target, const char* name)
    {
        std::string why;
        if (!runBounded(
                *m_pool, m_context, [&] { return !m_row.valid || count() == target; },
                [&] {
                    sampleServer();
                    return std::uint64_t(count()) + m_tokens;
                },
                &why))
            m_row.invalidate(why + " " + name + " (" + std::to_string(count()) + " of "
                + std::to_string(target) + ", " + std::to_string(m_tokens) + " tokens)");
        return m_row.valid;
    }

    /// The server's peak threads and RSS, sampled about every 100 ms while the streams run.
    void sampleServer()
    {
        if (!m_streaming)
            return;
        m_peakThreads
            = std::max(m_peakThreads, processThreads(m_context.options.serverPid).value_or(0));
        m_peakRss = std::max(m_peakRss, processRssBytes(m_context.options.serverPid).value_or(0));
    }

    void onDelta(Stream& stream, std::string_view message)
    {
        const auto deltaSeq = jsonInteger(message, "deltaSeq");
        if (!deltaSeq || *deltaSeq != stream.lastDeltaSeq + 1) {
            m_row.invalidate("a delta out of order in " + stream.convId);
            return;
        }
        stream.lastDeltaSeq = *deltaSeq;
        const std::int64_t now = nowNs();
        const std::uint64_t before = stream.tokens.count();
        if (!stream.tokens.feed(jsonString(message, "text").value_or(""),
                [&](std::int64_t sentNs) { m_added.record(now - sentNs); }))
            m_row.invalidate(stream.convId + ": " + stream.tokens.error());
        m_tokens += stream.tokens.count() - before;
        if (before == 0 && stream.tokens.count() > 0) {
            m_firstToken.record(now - stream.sentNs);
            if (++m_started == m_streams.size())
                sampleServer(); // every stream running: the peak, if any
        }
    }

    void onEnd(Stream& stream, std::string_view message)
    {
        const auto finish = jsonString(message, "finish");
        if (finish != "stop" || stream.tokens.count() != m_context.options.replyTokens
            || stream.tokens.pending())
            m_row.invalidate(stream.convId + " ended (" + std::string(finish.value_or("?"))
                + ") after " + std::to_string(stream.tokens.count()) + " tokens");
        stream.ended = true;
        ++m_ended;
    }

    void report(std::optional<std::int64_t> rssBefore, std::optional<std::int64_t> threadsBefore);
    void check();

    const Context& m_context;
    Row& m_row;
    Pool* m_pool = nullptr;
    std::vector<Stream> m_streams;
    std::unordered_map<std::string, std::size_t> m_owner; ///< convId → stream
    std::size_t m_created = 0, m_started = 0, m_ended = 0;
    std::uint64_t m_tokens = 0;
    Histogram m_added, m_firstToken;
    Window m_window;
    bool m_streaming = false;
    std::int64_t m_peakThreads = 0, m_peakRss = 0;
};

void Relay::report(std::optional<std::int64_t> rssBefore, std::optional<std::int64_t> threadsBefore)
{
    const double seconds = m_window.seconds();
    const auto streams = double(m_streams.size());
    m_row.figures.add("tokens_per_s", seconds > 0 ? double(m_tokens) / seconds : 0.0);
    addLatency(m_row.figures, "token_added_latency", m_added);
    addLatency(m_row.figures, "first_token", m_firstToken);
    if (threadsBefore && m_peakThreads > 0)
        m_row.figures.add("server_threads_before", *threadsBefore)
            .add("server_threads", m_peakThreads);
    if (rssBefore && m_peakRss > 0)
        m_row.figures.add("server_bytes_per_stream", double(m_peakRss - *rssBefore) / streams);
    addWindow(m_row, "window", m_window);
}

void Relay::check()
{
    const std::uint64_t expected = m_context.options.replyTokens * m_streams.size();
    m_row.figures.add("tokens", m_tokens)
        .add("expected", expected)
        .add("streams_ended", std::uint64_t(m_ended))
        .add("other_events", m_pool->otherEvents());
    if (m_tokens != expected)
        m_row.invalidate("tokens " + std::to_string(m_tokens) + " of " + std::to_string(expected));
}

} // namespace

Row runRelay(const Context& context)
{
    Row row = startRow(context);
    const Options& options = context.options;
    row.params.add("streams", options.connections)
        .add("reply_tokens", options.replyTokens)
        .add("tokens_per_second", options.tokensPerSecond);
    return runScenario<Relay>(context, std::move(row));
}

} // namespace loadgen
