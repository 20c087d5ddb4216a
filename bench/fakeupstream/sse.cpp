#include "sse.h"

#include <cstdio>

namespace fakeupstream {

namespace {

std::string sseEvent(std::string_view data)
{
    std::string event = "data: ";
    event.append(data);
    event += "\n\n";
    return event;
}

} // namespace

std::string streamHead()
{
    return "HTTP/1.1 200 OK\r\n"
           "Content-Type: text/event-stream\r\n"
           "Cache-Control: no-cache\r\n"
           "Transfer-Encoding: chunked\r\n"
           "Connection: keep-alive\r\n"
           "\r\n";
}

std::string httpChunk(std::string_view text)
{
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", text.size());
    std::string chunk = size;
    chunk.append(text);
    chunk += "\r\n";
    return chunk;
}

std::string tokenText(std::uint64_t seq, std::int64_t sentNs)
{
    return std::to_string(seq) + '@' + std::to_string(sentNs) + ' ';
}

std::string contentChunk(std::string_view content)
{
    // The content is digits, '@' and spaces: nothing to escape in JSON.
    std::string json = R"({"id":"fake","object":"chat.completion.chunk","model":"fake",)"
                       R"("choices":[{"index":0,"delta":{"content":")";
    json.append(content);
    json += R"("},"finish_reason":null}]})";
    return httpChunk(sseEvent(json));
}

std::string finishChunks(std::uint64_t tokens)
{
    const std::string finish = R"({"id":"fake","object":"chat.completion.chunk","model":"fake",)"
                               R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}],)"
                               R"("usage":{"prompt_tokens":1,"completion_tokens":)"
        + std::to_string(tokens) + R"(,"total_tokens":)" + std::to_string(tokens + 1) + "}}";
    return httpChunk(sseEvent(finish)) + httpChunk(sseEvent("[DONE]")) + "0\r\n\r\n";
}

std::string errorResponse(int status, std::string_view reason, std::string_view message)
{
    std::string body = R"({"error":{"message":")";
    body.append(message);
    body += R"(","type":"invalid_request_error"}})";
    return "HTTP/1.1 " + std::to_string(status) + ' ' + std::string(reason)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace fakeupstream
