#include "connection.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace loadgen {

namespace {
constexpr std::size_t readChunk = 64 * 1024;
constexpr std::size_t maxLineBytes = 1u << 20; // the raw dialect's bound, as its frames'
} // namespace

Connection::~Connection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void Connection::fail(std::string why)
{
    if (m_error.empty())
        m_error = std::move(why);
    m_state = State::Closed;
}

bool Connection::sendBytes(std::string_view bytes)
{
    if (m_state == State::Closed)
        return false;
    if (!wantsWrite()) {
        // Most writes go straight out: no copy into the queue.
        const ssize_t written = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            fail(std::string("send: ") + std::strerror(errno));
            return false;
        }
        if (written > 0)
            bytes.remove_prefix(std::size_t(written));
        if (bytes.empty())
            return true;
        m_out.clear();
        m_outOffset = 0;
    }
    m_out.append(bytes);
    return true;
}

bool Connection::sendMessage(std::string_view text)
{
    if (m_websocket)
        return sendBytes(ws::clientFrame(ws::Text, text, ws::nextMaskKey()));
    std::string line;
    line.reserve(text.size() + 1);
    line.append(text);
    line += '\n';
    return sendBytes(line);
}

bool Connection::flush()
{
    while (wantsWrite()) {
        const ssize_t written
            = ::send(m_fd, m_out.data() + m_outOffset, m_out.size() - m_outOffset, MSG_NOSIGNAL);
        if (written < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return true;
            fail(std::string("send: ") + std::strerror(errno));
            return false;
        }
        m_outOffset += std::size_t(written);
    }
    m_out.clear();
    m_outOffset = 0;
    return true;
}

bool Connection::readSome()
{
    const std::size_t used = m_in.size();
    m_in.resize(used + readChunk);
    const ssize_t got = ::recv(m_fd, m_in.data() + used, readChunk, 0);
    m_in.resize(used + std::size_t(got > 0 ? got : 0));
    if (got > 0)
        return true;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return true;
    fail(got == 0 ? std::string("closed by the server")
                  : std::string("recv: ") + std::strerror(errno));
    return false;
}

bool Connection::nextMessage(std::string_view* message)
{
    if (!m_websocket) {
        const std::string_view rest = input();
        const std::size_t end = rest.find('\n');
        if (end == std::string_view::npos) {
            if (rest.size() > maxLineBytes)
                fail("line over 1 MiB");
            return false;
        }
        *message = rest.substr(0, end);
        m_inOffset += end + 1;
        return true;
    }
    while (true) {
        switch (m_reader.next(m_in, &m_inOffset)) {
        case ws::FrameReader::Result::NeedMore:
            return false;
        case ws::FrameReader::Result::Error:
            fail(std::string("websocket: ") + m_reader.error());
            return false;
        case ws::FrameReader::Result::Message:
            *message = m_reader.message();
            return true;
        case ws::FrameReader::Result::Control:
            if (m_reader.opcode() == ws::Ping) {
                sendBytes(ws::clientFrame(ws::Pong, m_reader.message(), ws::nextMaskKey()));
            } else if (m_reader.opcode() == ws::Close) {
                const std::string_view payload = m_reader.message();
                const int code = payload.size() >= 2
                    ? (std::uint8_t(payload[0]) << 8) | std::uint8_t(payload[1])
                    : 1005;
                fail("closed by the server with code " + std::to_string(code)
                    + (payload.size() > 2 ? " (" + std::string(payload.substr(2)) + ")" : ""));
                return false;
            }
            break; // a pong: nothing to do
        }
    }
}

void Connection::compact()
{
    if (m_inOffset == 0)
        return;
    m_in.erase(0, m_inOffset);
    m_inOffset = 0;
}

} // namespace loadgen
