#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fakeupstream {

// The bytes of an OpenAI-compatible streaming chat completion (POST /v1/chat/completions with
// "stream": true), as server/ai/openaichatstream.cpp reads them: an HTTP/1.1 response in chunked
// transfer encoding (so the connection stays open for the next request), one HTTP chunk per SSE
// event `data: {chat.completion.chunk}\n\n`, then the finish chunk with usage, `data: [DONE]`,
// and the last (empty) chunk.

/// The status line and headers of a streaming reply.
std::string streamHead();
/// `text` as one HTTP chunk.
std::string httpChunk(std::string_view text);
/// The text of token number `seq` sent at `sentNs` (CLOCK_MONOTONIC): `SEQ@NS ` (the space
/// separates tokens in the reply's text).
std::string tokenText(std::uint64_t seq, std::int64_t sentNs);
/// One SSE event carrying `content` as the delta, in its HTTP chunk.
std::string contentChunk(std::string_view content);
/// What ends a reply of `tokens` tokens: finish_reason "stop" with usage, [DONE], the last chunk.
std::string finishChunks(std::uint64_t tokens);
/// A whole non-streaming error answer (the connection closes after it).
std::string errorResponse(int status, std::string_view reason, std::string_view message);

} // namespace fakeupstream
