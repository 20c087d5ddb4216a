// Fuzzes OllamaChatStream: an upstream's streamed reply in reads of any size, and its one-shot
// reply.

#include "streamdecoderfuzz.h"

#include "ai/ollamachatstream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return palaver::fuzz::fuzzStreamDecoder(
        data, size, [] { return std::make_unique<palaver::server::OllamaChatStream>(); });
}
