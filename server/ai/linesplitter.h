#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace palaver::server {

/// Turns bytes that arrive in reads of any size into complete lines. A line ends at "\n", "\r\n"
/// or a lone "\r" (also when the "\r" ends one read and the "\n" starts the next). Bytes are kept
/// until their line is complete, so a UTF-8 sequence is never cut; only "\r" and "\n" bytes split,
/// so U+2028 inside a JSON string does not.
///
/// A line is kept only up to maxLineBytes(): an upstream that sends one endless line (broken or
/// hostile) would otherwise fill memory. Past it the splitter overflows: it drops the partial
/// line, returns no more lines, and overflowed() says so; the caller ends the stream.
class LineSplitter
{
public:
    /// The bound when none is set: the server's default for one upstream line.
    static constexpr qsizetype defaultMaxLineBytes = 1024 * 1024;

    /// The lines completed by `bytes`, without their terminators. After an overflow: none.
    QList<QByteArray> feed(QByteArrayView bytes);
    /// At end of stream: the last line if it had no terminator (empty list otherwise, and after
    /// an overflow).
    QList<QByteArray> finish();

    /// Most bytes of one line, its terminator not counted; <= 0 means no bound.
    void setMaxLineBytes(qsizetype maxBytes) { m_maxLineBytes = maxBytes; }
    qsizetype maxLineBytes() const { return m_maxLineBytes; }
    /// Whether a line went past maxLineBytes(); the stream is unusable from there on.
    bool overflowed() const { return m_overflowed; }

private:
    /// Appends to the pending line, or overflows (false) when that would pass the bound.
    bool append(QByteArrayView bytes);

    QByteArray m_pending;
    qsizetype m_maxLineBytes = defaultMaxLineBytes;
    bool m_skipLeadingLf = false; ///< the previous read ended with "\r"
    bool m_overflowed = false;
};

} // namespace palaver::server
