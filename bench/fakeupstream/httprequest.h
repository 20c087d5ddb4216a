#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fakeupstream {

/// Reads one HTTP/1.1 request at a time from a connection's bytes: the request line, the
/// headers (at most maxHeadBytes) and a Content-Length body (at most maxBodyBytes). Chunked
/// request bodies are not spoken (Qt sends a Content-Length for the server's requests).
class RequestReader
{
public:
    enum class State { Incomplete, Complete, Bad };
    static constexpr std::size_t maxHeadBytes = 16 * 1024;
    static constexpr std::size_t maxBodyBytes = 4 * 1024 * 1024;

    /// Adds bytes; the state after them. Bytes past a complete request wait for the next one.
    State feed(std::string_view bytes);
    State state() const { return m_state; }
    /// Of the complete request.
    const std::string& method() const { return m_method; }
    const std::string& path() const { return m_path; }
    std::string_view body() const;
    /// Why the request is Bad.
    const std::string& error() const { return m_error; }
    /// Drops the complete request and starts on the bytes after it.
    State next();

private:
    State parse();
    State bad(std::string why);

    std::string m_buffer;
    std::size_t m_headEnd = 0; ///< past the blank line; 0 while the head is incomplete
    std::size_t m_bodyBytes = 0;
    std::string m_method, m_path, m_error;
    State m_state = State::Incomplete;
};

} // namespace fakeupstream
