#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fakeupstream {

/// How one reply streams: how many tokens, at what pace (the first at once, token k at k / pace
/// seconds after it).
struct ReplyPlan
{
    std::uint64_t tokens = 0;
    double tokensPerSecond = 0;
};

constexpr std::uint64_t maxTokens = 1000000;
constexpr double maxTokensPerSecond = 1e6;

/// The plan a request body asks for with the text `fakeupstream tokens=L tps=T` (the last such
/// text in it: the newest prompt, whatever history the server sends before it). Nothing when the
/// body holds none, or L or T is out of bounds (L 1 … maxTokens, T above 0 and up to
/// maxTokensPerSecond).
std::optional<ReplyPlan> parsePrompt(std::string_view body);

} // namespace fakeupstream
