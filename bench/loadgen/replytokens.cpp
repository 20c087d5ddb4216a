#include "replytokens.h"

#include <charconv>

namespace loadgen {

bool ReplyTokens::take(std::string_view token, std::int64_t* sentNs)
{
    const std::size_t at = token.find('@');
    std::uint64_t seq = 0;
    const char* end = token.data() + token.size();
    if (at == std::string_view::npos
        || std::from_chars(token.data(), token.data() + at, seq).ptr != token.data() + at
        || std::from_chars(token.data() + at + 1, end, *sentNs).ptr != end || at == 0
        || at + 1 == token.size())
        return fail("a malformed token: " + std::string(token.substr(0, 64)));
    if (seq != m_next)
        return fail("token " + std::to_string(seq) + " when " + std::to_string(m_next)
            + " was due (order or loss)");
    ++m_next;
    return true;
}

bool ReplyTokens::fail(std::string why)
{
    m_error = std::move(why);
    return false;
}

} // namespace loadgen
