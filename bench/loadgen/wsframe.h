#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace loadgen {

/// WebSocket (RFC 6455) framing as a client needs it.
namespace ws {

enum Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

/// A complete, final, masked client frame: built once per payload, then written as it is (to one
/// connection or, for the same payload, to many).
std::string clientFrame(Opcode opcode, std::string_view payload, std::uint32_t maskKey);

/// A masking key; any value is valid (clients must mask, the key need not be secret here).
std::uint32_t nextMaskKey();

/// Reads server frames (unmasked) from a byte stream, joining fragmented messages.
class FrameReader
{
public:
    enum class Result { NeedMore, Message, Control, Error };

    explicit FrameReader(std::size_t maxMessageBytes = 16u << 20)
        : m_maxMessageBytes(maxMessageBytes)
    { }

    /// Consumes bytes from `data` starting at `*offset`. On Message: a complete text or binary
    /// message in message(); on Control: a ping, pong or close frame in opcode()/message(). On
    /// Error: error() says why (a frame over the bound, a masked server frame, a bad sequence).
    Result next(std::string_view data, std::size_t* offset);

    Opcode opcode() const { return m_opcode; }
    /// Valid until the next call to next().
    std::string_view message() const { return m_message; }
    const char* error() const { return m_error; }

private:
    std::size_t m_maxMessageBytes;
    std::string m_partial; ///< fragments of a message so far
    Opcode m_partialOpcode = Text;
    bool m_inMessage = false;
    Opcode m_opcode = Text;
    std::string_view m_message;
    std::string m_control;
    const char* m_error = "";
};

} // namespace ws
} // namespace loadgen
