// Fuzzes SseParser (WHATWG event framing over LineSplitter): the same events whatever the reads,
// and never more text out than bytes in.

#include "fuzzsupport.h"

#include "ai/sseparser.h"

using palaver::server::SseEvent;
using palaver::server::SseParser;

namespace {

QList<SseEvent> parseAll(const palaver::fuzz::SplitInput& input, bool whole)
{
    SseParser parser;
    QList<SseEvent> events;
    if (whole)
        events += parser.feed(input.stream());
    else
        input.forEachRead([&](QByteArrayView read) { events += parser.feed(read); });
    events += parser.finish();
    return events;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    palaver::fuzz::quietQtLogging();
    const palaver::fuzz::SplitInput input(data, size);

    const QList<SseEvent> expected = parseAll(input, true);
    FUZZ_CHECK(parseAll(input, false) == expected);

    // Every field value is a part of one line and every "\n" joining data lines stands for a line
    // end, so an event stream never grows (in UTF-16 units, bytes count at least one each).
    qsizetype out = 0;
    for (const SseEvent& event : expected) {
        FUZZ_CHECK(!event.data.isEmpty() || !event.errorField.isEmpty());
        out += event.name.size() + event.data.size() + event.errorField.size();
    }
    FUZZ_CHECK(out <= input.stream().size());
    return 0;
}
