#pragma once

// Shared by the fuzz harnesses: a check that aborts (so libFuzzer and the corpus test both see a
// finding), quiet Qt logging, and the split of one input into reads at fuzzer-chosen boundaries.

#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

/// Aborts with the failed condition: an invariant broken by the current input is a finding.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(                                                                          \
                stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #condition);     \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace palaver::fuzz {

/// Drops debug, info and warning output (a decoder logs what it skips, once per input at most, but
/// millions of inputs would drown the fuzzer's own output); critical and fatal still print.
inline void quietQtLogging()
{
    static const bool installed = [] {
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& text) {
            if (type == QtCriticalMsg || type == QtFatalMsg)
                std::fprintf(stderr, "%s\n", qPrintable(text));
        });
        return true;
    }();
    Q_UNUSED(installed);
}

/// One fuzz input read as a byte stream plus the reads it arrives in. The last byte chooses the
/// split (so a seed file taken verbatim from the fixtures only loses its final newline): every
/// read one byte long, reads of random sizes up to 2^k bytes, or empty reads in between, from a
/// small generator seeded by that byte. Reads of one byte cut the stream at every boundary.
class SplitInput
{
public:
    SplitInput(const uint8_t* data, size_t size)
    {
        if (size == 0)
            return;
        m_stream = QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size - 1));
        m_seed = (uint32_t(data[size - 1]) * 2654435761u) | 1u; // never 0: xorshift would stay 0
        m_maxRead = qsizetype(1) << (data[size - 1] % 9); // 1 … 256 bytes
    }

    /// The whole stream, as if it came in one read.
    QByteArrayView stream() const { return m_stream; }

    /// Calls `read(QByteArrayView)` for each read of the stream, in order (some of them empty);
    /// together they are stream(). The same cuts every time.
    template<typename Read> void forEachRead(Read read) const
    {
        uint32_t state = m_seed;
        qsizetype at = 0;
        while (at < m_stream.size()) {
            // xorshift32: deterministic, so a reproducer always splits the same way.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if (state % 13 == 0) {
                read(QByteArrayView()); // an empty read must change nothing
                continue;
            }
            const qsizetype length = qMin(m_stream.size() - at, 1 + qsizetype(state % m_maxRead));
            read(m_stream.sliced(at, length));
            at += length;
        }
    }

private:
    QByteArrayView m_stream;
    uint32_t m_seed = 1;
    qsizetype m_maxRead = 1;
};

} // namespace palaver::fuzz
