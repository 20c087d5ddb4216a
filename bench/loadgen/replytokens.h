#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace loadgen {

/// Reads one reply's text as palaver-fakeupstream makes it, `SEQ@NS ` per token (NS: when the
/// upstream sent it, CLOCK_MONOTONIC), however the server groups the tokens into deltas, and
/// checks that the tokens come 0, 1, 2 … with nothing lost, repeated or garbled.
class ReplyTokens
{
public:
    /// Adds a delta's text; for each whole token calls `onToken(sentNs)`. False (and error()
    /// set) at the first token out of order or malformed; nothing more is read then.
    template<class OnToken> bool feed(std::string_view text, OnToken&& onToken)
    {
        if (!m_error.empty())
            return false;
        m_partial.append(text);
        std::size_t start = 0;
        for (std::size_t space; (space = m_partial.find(' ', start)) != std::string::npos;
             start = space + 1) {
            std::int64_t sentNs = 0;
            if (!take(std::string_view(m_partial).substr(start, space - start), &sentNs))
                return false;
            onToken(sentNs);
        }
        m_partial.erase(0, start);
        if (m_partial.size() > 64) // a token is two numbers: this is no token
            return fail("a token longer than 64 characters");
        return true;
    }

    std::uint64_t count() const { return m_next; }
    /// Whether text is left that is no whole token yet.
    bool pending() const { return !m_partial.empty(); }
    const std::string& error() const { return m_error; }

private:
    bool take(std::string_view token, std::int64_t* sentNs);
    bool fail(std::string why);

    std::string m_partial;
    std::uint64_t m_next = 0;
    std::string m_error;
};

} // namespace loadgen
