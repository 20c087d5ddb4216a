#include "prompt.h"

#include <cstdlib>
#include <string>

namespace fakeupstream {

namespace {

/// The number right after `key` at `at` in `text` (digits and at most one '.').
std::optional<double> numberAfter(std::string_view text, std::size_t at, std::string_view key)
{
    if (text.substr(at, key.size()) != key)
        return std::nullopt;
    const std::size_t start = at + key.size();
    std::size_t end = start;
    while (end < text.size() && end - start < 20
        && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.'))
        ++end;
    if (end == start)
        return std::nullopt;
    const std::string digits(text.substr(start, end - start));
    char* stop = nullptr;
    const double value = std::strtod(digits.c_str(), &stop);
    if (stop != digits.c_str() + digits.size())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<ReplyPlan> parsePrompt(std::string_view body)
{
    constexpr std::string_view marker = "fakeupstream tokens=";
    const std::size_t at = body.rfind(marker);
    if (at == std::string_view::npos)
        return std::nullopt;
    const auto tokens = numberAfter(body, at, marker);
    if (!tokens)
        return std::nullopt;
    // " tps=" follows the token count's digits.
    std::size_t next = at + marker.size();
    while (next < body.size() && body[next] >= '0' && body[next] <= '9')
        ++next;
    const auto pace = numberAfter(body, next, " tps=");
    if (!pace || *tokens < 1 || *tokens > double(maxTokens)
        || *tokens != double(std::uint64_t(*tokens)) || !(*pace > 0) || *pace > maxTokensPerSecond)
        return std::nullopt;
    return ReplyPlan { std::uint64_t(*tokens), *pace };
}

} // namespace fakeupstream
