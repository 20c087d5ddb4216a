#pragma once

#include "linesplitter.h"

#include <QList>
#include <QString>

namespace palaver::server {

/// One Server-Sent Event.
struct SseEvent
{
    QString name; ///< the `event:` field; empty for the default "message"
    QString data; ///< the `data:` lines joined with "\n"
    /// The value of a non-standard `error:` field (old llama.cpp sends one at HTTP 200); empty if
    /// none.
    QString errorField;
    bool operator==(const SseEvent&) const = default;
};

/// Server-Sent Events framing (WHATWG rules) over bytes in reads of any size. Comment lines
/// (": ping") and events without data are skipped; an event still pending at end of stream is
/// delivered even without its final blank line, because real servers omit it.
///
/// One line, and one event's fields together, are kept only up to maxLineBytes(): past it the
/// parser overflows (overflowed()), delivers nothing more, and the caller ends the stream.
class SseParser
{
public:
    /// The events completed by `bytes`. After an overflow: none.
    QList<SseEvent> feed(QByteArrayView bytes);
    /// At end of stream: the last event if it lacked its final blank line (none after an
    /// overflow).
    QList<SseEvent> finish();

    /// Most bytes of one line and of one event's data; <= 0 means no bound.
    void setMaxLineBytes(qsizetype maxBytes) { m_lines.setMaxLineBytes(maxBytes); }
    /// Whether a line or an event went past the bound.
    bool overflowed() const { return m_overflowed || m_lines.overflowed(); }

private:
    void processLine(const QByteArray& line, QList<SseEvent>& out);
    void dispatch(QList<SseEvent>& out);

    LineSplitter m_lines;
    SseEvent m_pending;
    QStringList m_dataLines;
    qsizetype m_pendingBytes = 0; ///< the fields of the event being read
    bool m_overflowed = false; ///< an event grew past the bound, line by line
};

} // namespace palaver::server
