// Fuzzes the HTTP request head parser and the routing decision the listener makes from it, on the
// bytes a fresh connection sends before anything else (the listener peeks at most maxHeadBytes+4).
// The head is parsed as it grows, the way it arrives, and once whole.

#include "fuzzsupport.h"

#include "net/httprequest.h"

using palaver::server::HttpRequestHead;

namespace {

void checkHead(const HttpRequestHead& head)
{
    for (const auto& [name, value] : head.headers) {
        FUZZ_CHECK(name == name.toLower() && name == name.trimmed() && !name.isEmpty());
        FUZZ_CHECK(value == value.trimmed());
        FUZZ_CHECK(head.hasHeader(name));
    }
    FUZZ_CHECK(!head.path.contains('?'));
    palaver::server::routeFor(head, "palaver.v1");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    palaver::fuzz::quietQtLogging();
    const palaver::fuzz::SplitInput input(data, size);
    // A small bound on some inputs, so the fuzzer reaches the too-long paths without huge inputs.
    const qsizetype maxBytes = size % 2 == 0 ? 8192 : 64;

    // As the listener sees it: each time more bytes arrive, parse all of them so far.
    QByteArray soFar;
    auto last = HttpRequestHead::Parse::Incomplete;
    input.forEachRead([&](QByteArrayView read) {
        if (last != HttpRequestHead::Parse::Incomplete)
            return; // the listener has answered and reads no further
        soFar += read;
        HttpRequestHead head;
        last = HttpRequestHead::parse(soFar, &head, maxBytes);
        if (last == HttpRequestHead::Parse::Complete)
            checkHead(head);
    });

    HttpRequestHead head;
    const auto whole = HttpRequestHead::parse(input.stream().toByteArray(), &head, maxBytes);
    if (whole == HttpRequestHead::Parse::Complete)
        checkHead(head);
    // Once the head is complete, more bytes (a body, pipelined data) cannot change the verdict.
    if (last != HttpRequestHead::Parse::Incomplete)
        FUZZ_CHECK(whole == last);
    return 0;
}
