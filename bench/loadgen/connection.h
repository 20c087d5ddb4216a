#pragma once

#include "wsframe.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace loadgen {

/// One client connection's socket and buffers; the Pool drives it through its states.
class Connection
{
public:
    enum class State { Connecting, Upgrading, SigningIn, Ready, Closed };

    Connection(std::size_t index, int fd, bool websocket)
        : m_index(index)
        , m_fd(fd)
        , m_websocket(websocket)
    { }
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    std::size_t index() const { return m_index; }
    int fd() const { return m_fd; }
    State state() const { return m_state; }
    void setState(State state) { m_state = state; }
    bool websocket() const { return m_websocket; }

    /// Queues bytes exactly as given (an already framed message); written as soon as the socket
    /// takes them. False when the connection failed (see error()).
    bool sendBytes(std::string_view bytes);
    /// Frames `text` for the transport (a masked text frame, or a line) and queues it.
    bool sendMessage(std::string_view text);
    /// Writes what is queued; false on a socket error.
    bool flush();
    bool wantsWrite() const { return m_outOffset < m_out.size(); }

    /// Reads what the socket has into the input buffer; false on end of stream or an error.
    bool readSome();
    /// The unread input (for the upgrade answer), and marking bytes of it as used.
    std::string_view input() const { return std::string_view(m_in).substr(m_inOffset); }
    void consume(std::size_t bytes) { m_inOffset += bytes; }

    /// The next whole message in the input (a WebSocket text message or a line, without its
    /// end). Control frames are handled here (a ping is answered, a close ends the connection).
    /// Returns false when none is complete yet, or on a protocol error (then failed() is set).
    bool nextMessage(std::string_view* message);
    /// Drops the used part of the input buffer (call once nextMessage() returned false).
    void compact();

    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }
    void fail(std::string why);

    // What it received, for the row's figures.
    std::uint64_t messagesIn = 0;
    std::uint64_t othersIn = 0;
    std::int64_t openedNs = 0;
    // The Pool's bookkeeping: its place in the pool and the epoll events asked for.
    std::size_t slot = 0;
    std::uint32_t interest = 0;

private:
    std::size_t m_index;
    int m_fd;
    bool m_websocket;
    State m_state = State::Connecting;
    std::string m_in;
    std::size_t m_inOffset = 0;
    std::string m_out;
    std::size_t m_outOffset = 0;
    ws::FrameReader m_reader;
    std::string m_error;
};

} // namespace loadgen
