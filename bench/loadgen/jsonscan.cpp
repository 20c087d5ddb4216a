#include "jsonscan.h"

#include <charconv>

namespace loadgen {

namespace {

/// The end of the string that starts after the opening quote at `from` (the closing quote's
/// index), or npos.
std::size_t stringEnd(std::string_view json, std::size_t from)
{
    for (std::size_t i = from; i < json.size(); ++i) {
        if (json[i] == '\\')
            ++i;
        else if (json[i] == '"')
            return i;
    }
    return std::string_view::npos;
}

std::size_t skipSpace(std::string_view json, std::size_t i)
{
    while (i < json.size()
        && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r'))
        ++i;
    return i;
}

/// Where the value of the first member `key` starts, or npos.
std::size_t valueOf(std::string_view json, std::string_view key)
{
    for (std::size_t i = 0; i < json.size(); ++i) {
        if (json[i] != '"')
            continue;
        const std::size_t end = stringEnd(json, i + 1);
        if (end == std::string_view::npos)
            return end;
        const std::size_t after = skipSpace(json, end + 1);
        // A string followed by ':' is a member name; anything else was a value.
        if (after < json.size() && json[after] == ':' && json.substr(i + 1, end - i - 1) == key)
            return skipSpace(json, after + 1);
        i = end;
    }
    return std::string_view::npos;
}

} // namespace

std::optional<std::string_view> jsonString(std::string_view json, std::string_view key)
{
    const std::size_t start = valueOf(json, key);
    if (start >= json.size() || json[start] != '"')
        return std::nullopt;
    const std::size_t end = stringEnd(json, start + 1);
    if (end == std::string_view::npos)
        return std::nullopt;
    return json.substr(start + 1, end - start - 1);
}

std::optional<long long> jsonInteger(std::string_view json, std::string_view key)
{
    const std::size_t start = valueOf(json, key);
    if (start >= json.size())
        return std::nullopt;
    long long value = 0;
    const auto [end, error]
        = std::from_chars(json.data() + start, json.data() + json.size(), value);
    if (error != std::errc())
        return std::nullopt;
    return value;
}

} // namespace loadgen
