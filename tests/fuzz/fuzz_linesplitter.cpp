// Fuzzes LineSplitter, the first thing an upstream's bytes meet: lines must come out the same
// whatever the reads, and joined with "\n" they must give back the input with every "\r\n" and
// lone "\r" turned into "\n".

#include "fuzzsupport.h"

#include "ai/linesplitter.h"

using palaver::server::LineSplitter;

namespace {

QList<QByteArray> splitAll(
    LineSplitter& splitter, const palaver::fuzz::SplitInput& input, bool whole)
{
    QList<QByteArray> lines;
    if (whole)
        lines += splitter.feed(input.stream());
    else
        input.forEachRead([&](QByteArrayView read) { lines += splitter.feed(read); });
    lines += splitter.finish();
    return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    palaver::fuzz::quietQtLogging();
    const palaver::fuzz::SplitInput input(data, size);

    LineSplitter whole;
    const QList<QByteArray> expected = splitAll(whole, input, true);
    LineSplitter pieces;
    const QList<QByteArray> lines = splitAll(pieces, input, false);
    FUZZ_CHECK(lines == expected);

    // Lines hold no terminators, and each came from one (or from the end of the stream).
    QByteArray normalised = input.stream().toByteArray();
    normalised.replace("\r\n", "\n").replace('\r', '\n');
    QByteArray joined;
    for (const QByteArray& line : lines) {
        FUZZ_CHECK(!line.contains('\n') && !line.contains('\r'));
        joined += line;
        joined += '\n';
    }
    if (!normalised.isEmpty() && !normalised.endsWith('\n'))
        normalised += '\n'; // the unterminated last line that finish() delivered
    FUZZ_CHECK(joined == normalised);

    // A splitter is reusable after finish(): nothing of the last stream leaks into the next.
    FUZZ_CHECK(pieces.feed("next\n") == QList<QByteArray> { "next" });
    return 0;
}
