#include "wsframe.h"

#include <random>

namespace loadgen::ws {

std::uint32_t nextMaskKey()
{
    // xorshift32: cheap, and the key only has to vary, not to be unpredictable.
    static std::uint32_t state = std::random_device {}() | 1u;
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

std::string clientFrame(Opcode opcode, std::string_view payload, std::uint32_t maskKey)
{
    std::string frame;
    frame.reserve(payload.size() + 14);
    frame += char(0x80 | opcode);
    const std::uint64_t size = payload.size();
    if (size < 126) {
        frame += char(0x80 | size);
    } else if (size <= 0xFFFF) {
        frame += char(0x80 | 126);
        frame += char(size >> 8);
        frame += char(size & 0xFF);
    } else {
        frame += char(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((size >> shift) & 0xFF);
    }
    const char mask[4]
        = { char(maskKey >> 24), char(maskKey >> 16), char(maskKey >> 8), char(maskKey) };
    frame.append(mask, 4);
    const std::size_t start = frame.size();
    frame.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        frame[start + i] = char(frame[start + i] ^ mask[i & 3]);
    return frame;
}

FrameReader::Result FrameReader::next(std::string_view data, std::size_t* offset)
{
    while (true) {
        const std::size_t at = *offset;
        if (data.size() - at < 2)
            return Result::NeedMore;
        const auto byte = [&](std::size_t i) { return std::uint8_t(data[at + i]); };
        const bool fin = byte(0) & 0x80;
        const auto opcode = Opcode(byte(0) & 0x0F);
        if (byte(1) & 0x80) {
            m_error = "masked frame from the server";
            return Result::Error;
        }
        std::uint64_t size = byte(1) & 0x7F;
        std::size_t header = 2;
        if (size == 126) {
            if (data.size() - at < 4)
                return Result::NeedMore;
            size = (std::uint64_t(byte(2)) << 8) | byte(3);
            header = 4;
        } else if (size == 127) {
            if (data.size() - at < 10)
                return Result::NeedMore;
            size = 0;
            for (std::size_t i = 2; i < 10; ++i)
                size = (size << 8) | byte(i);
            header = 10;
        }
        if (size > m_maxMessageBytes || m_partial.size() + size > m_maxMessageBytes) {
            m_error = "message over the size bound";
            return Result::Error;
        }
        if (data.size() - at - header < size)
            return Result::NeedMore;
        const std::string_view payload = data.substr(at + header, std::size_t(size));
        *offset = at + header + std::size_t(size);
        if (opcode >= Close) {
            if (!fin || size > 125) {
                m_error = "bad control frame";
                return Result::Error;
            }
            m_opcode = opcode;
            m_control.assign(payload);
            m_message = m_control;
            return Result::Control;
        }
        if (opcode == Continuation) {
            if (!m_inMessage) {
                m_error = "continuation without a message";
                return Result::Error;
            }
            m_partial.append(payload);
        } else if (opcode == Text || opcode == Binary) {
            if (m_inMessage) {
                m_error = "new message inside a fragmented one";
                return Result::Error;
            }
            if (fin) {
                // The common case: one frame, no copy.
                m_opcode = opcode;
                m_message = payload;
                return Result::Message;
            }
            m_inMessage = true;
            m_partialOpcode = opcode;
            m_partial.assign(payload);
        } else {
            m_error = "unknown opcode";
            return Result::Error;
        }
        if (fin) {
            m_inMessage = false;
            m_opcode = m_partialOpcode;
            m_message = m_partial;
            return Result::Message;
        }
    }
}

} // namespace loadgen::ws
