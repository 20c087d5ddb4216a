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
class SseParser
{
public:
    /// The events completed by `bytes`.
    QList<SseEvent> feed(QByteArrayView bytes);
    /// At end of stream: the last event if it lacked its final blank line.
    QList<SseEvent> finish();

private:
    void processLine(const QByteArray& line, QList<SseEvent>& out);
    void dispatch(QList<SseEvent>& out);

    LineSplitter m_lines;
    SseEvent m_pending;
    QStringList m_dataLines;
};

} // namespace palaver::server
