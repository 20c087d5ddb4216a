#pragma once

// Shared by the three stream decoder harnesses: a decoder fed a stream in one read and in many
// must give the same events; every event is well formed; a one-shot reply decodes without harm.

#include "fuzzsupport.h"

#include "ai/streamdecoder.h"

#include <memory>

namespace palaver::fuzz {

using server::ChatStreamEvent;
using server::StreamDecoder;

inline bool sameEvent(const ChatStreamEvent& a, const ChatStreamEvent& b)
{
    return a.kind == b.kind && a.text == b.text && a.usage == b.usage
        && a.errorMessage == b.errorMessage && a.errorCode == b.errorCode
        && a.errorClass == b.errorClass;
}

inline bool sameEvents(const QList<ChatStreamEvent>& a, const QList<ChatStreamEvent>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameEvent);
}

/// Every event well formed, and no more reply text out than bytes in (text is taken from the
/// input, never repeated: a decoder that did would let an upstream multiply what it sends).
inline void checkEvents(const QList<ChatStreamEvent>& events, qsizetype inputBytes)
{
    using Kind = ChatStreamEvent::Kind;
    qsizetype text = 0;
    for (const ChatStreamEvent& event : events) {
        if (event.kind == Kind::Error)
            FUZZ_CHECK(!event.errorMessage.isEmpty()); // the user is always told something
        if (event.kind == Kind::Content || event.kind == Kind::Reasoning
            || event.kind == Kind::Refusal || event.kind == Kind::ToolCall)
            text += event.text.size();
        // What the protocol carries: a count out of range would make clients refuse the reply.
        FUZZ_CHECK(
            event.usage.inputTokens >= 0 && event.usage.inputTokens <= server::kMaxTokenCount);
        FUZZ_CHECK(
            event.usage.outputTokens >= 0 && event.usage.outputTokens <= server::kMaxTokenCount);
    }
    FUZZ_CHECK(text <= inputBytes);
}

/// Runs one input through fresh decoders made by `make`.
template<typename MakeDecoder>
int fuzzStreamDecoder(const uint8_t* data, size_t size, MakeDecoder make)
{
    quietQtLogging();
    const SplitInput input(data, size);

    const std::unique_ptr<StreamDecoder> whole = make();
    QList<ChatStreamEvent> expected = whole->feed(input.stream());
    expected += whole->finish();
    checkEvents(expected, input.stream().size());

    const std::unique_ptr<StreamDecoder> pieces = make();
    QList<ChatStreamEvent> events;
    input.forEachRead([&](QByteArrayView read) { events += pieces->feed(read); });
    events += pieces->finish();
    FUZZ_CHECK(sameEvents(events, expected));
    FUZZ_CHECK(pieces->sawEnd() == whole->sawEnd());

    // The same bytes as a non-streamed reply (one JSON document).
    checkEvents(make()->decodeOneShot(input.stream().toByteArray()), input.stream().size());
    return 0;
}

} // namespace palaver::fuzz
