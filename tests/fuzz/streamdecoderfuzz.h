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

inline void checkEvents(const QList<ChatStreamEvent>& events)
{
    for (const ChatStreamEvent& event : events) {
        if (event.kind == ChatStreamEvent::Kind::Error)
            FUZZ_CHECK(!event.errorMessage.isEmpty()); // the user is always told something
        FUZZ_CHECK(event.usage.inputTokens >= 0 && event.usage.outputTokens >= 0);
    }
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
    checkEvents(expected);

    const std::unique_ptr<StreamDecoder> pieces = make();
    QList<ChatStreamEvent> events;
    input.forEachRead([&](QByteArrayView read) { events += pieces->feed(read); });
    events += pieces->finish();
    FUZZ_CHECK(sameEvents(events, expected));
    FUZZ_CHECK(pieces->sawEnd() == whole->sawEnd());

    // The same bytes as a non-streamed reply (one JSON document).
    checkEvents(make()->decodeOneShot(input.stream().toByteArray()));
    return 0;
}

} // namespace palaver::fuzz
