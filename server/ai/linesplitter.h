#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace palaver::server {

/// Turns bytes that arrive in reads of any size into complete lines. A line ends at "\n", "\r\n"
/// or a lone "\r" (also when the "\r" ends one read and the "\n" starts the next). Bytes are kept
/// until their line is complete, so a UTF-8 sequence is never cut; only "\r" and "\n" bytes split,
/// so U+2028 inside a JSON string does not.
class LineSplitter
{
public:
    /// The lines completed by `bytes`, without their terminators.
    QList<QByteArray> feed(QByteArrayView bytes);
    /// At end of stream: the last line if it had no terminator (empty list otherwise).
    QList<QByteArray> finish();

private:
    QByteArray m_pending;
    bool m_skipLeadingLf = false; ///< the previous read ended with "\r"
};

} // namespace palaver::server
