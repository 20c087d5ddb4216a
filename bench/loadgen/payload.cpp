#include "payload.h"

#include <charconv>

namespace loadgen {

namespace {

char padAt(std::uint64_t seq, std::size_t i)
{
    return char('a' + (seq * 7 + i) % 26);
}

template<class T> bool readNumber(std::string_view& text, T* value)
{
    const auto dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0)
        return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + dot, *value);
    if (error != std::errc() || end != text.data() + dot)
        return false;
    text.remove_prefix(dot + 1);
    return true;
}

} // namespace

std::string makePayload(const PayloadHeader& header, std::size_t size)
{
    std::string body = std::to_string(header.stream) + '.' + std::to_string(header.seq) + '.'
        + std::to_string(header.sentNs) + '.';
    for (std::size_t i = 0; body.size() < size; ++i)
        body += padAt(header.seq, i);
    return body;
}

std::optional<PayloadHeader> checkPayload(std::string_view body)
{
    PayloadHeader header;
    if (!readNumber(body, &header.stream) || !readNumber(body, &header.seq)
        || !readNumber(body, &header.sentNs))
        return std::nullopt;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != padAt(header.seq, i))
            return std::nullopt;
    }
    return header;
}

} // namespace loadgen
