#include "sseparser.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> events;
    if (m_overflowed)
        return events;
    for (const QByteArray& line : m_lines.feed(bytes)) {
        processLine(line, events);
        if (m_overflowed)
            break;
    }
    return events;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> events;
    if (overflowed())
        return events;
    for (const QByteArray& line : m_lines.finish())
        processLine(line, events);
    if (!m_overflowed)
        dispatch(events);
    return events;
}

void SseParser::processLine(const QByteArray& line, QList<SseEvent>& out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':'))
        return; // a comment: keep-alives such as ": OPENROUTER PROCESSING"
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field
        = colon < 0 ? QByteArrayView(line) : QByteArrayView(line).first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : QByteArrayView(line).sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    // Many short data lines without a blank one make one endless event: bounded like a line.
    m_pendingBytes += value.size();
    const qsizetype maxBytes = m_lines.maxLineBytes();
    if (maxBytes > 0 && m_pendingBytes > maxBytes) {
        m_overflowed = true;
        m_pending = {};
        m_dataLines = {};
        return;
    }
    // The line is complete, so decoding here never cuts a UTF-8 sequence.
    if (field == "data")
        m_dataLines.append(QString::fromUtf8(value));
    else if (field == "event")
        m_pending.name = QString::fromUtf8(value);
    else if (field == "error")
        m_pending.errorField = QString::fromUtf8(value);
    // "id" and "retry" mean nothing for a one-shot LLM reply; unknown fields are ignored (WHATWG).
}

void SseParser::dispatch(QList<SseEvent>& out)
{
    m_pending.data = m_dataLines.join(u'\n');
    m_dataLines.clear();
    m_pendingBytes = 0;
    SseEvent event = std::exchange(m_pending, {});
    // Empty data is a keep-alive; an error field alone still counts.
    if (!event.data.isEmpty() || !event.errorField.isEmpty())
        out.append(std::move(event));
}

} // namespace palaver::server
