#pragma once

#include "linesplitter.h"
#include "streamdecoder.h"

namespace palaver::server {

/// Reads Ollama's native NDJSON replies, one JSON object per line: `/api/chat`
/// (`message.content`, `message.thinking`) and `/api/generate` (`response`, `thinking`). The last
/// line has `done: true` with `done_reason` and the token counts; an `{"error": …}` line (at
/// HTTP 200) is an error; blank lines are skipped.
class OllamaChatStream : public StreamDecoder
{
public:
    QList<ChatStreamEvent> feed(QByteArrayView bytes) override;
    QList<ChatStreamEvent> finish() override;
    QList<ChatStreamEvent> decodeOneShot(const QByteArray& json) override;
    bool sawEnd() const override { return m_sawEnd; }
    void setMaxLineBytes(qsizetype maxBytes) override { m_lines.setMaxLineBytes(maxBytes); }
    bool overflowed() const override { return m_lines.overflowed(); }

    /// The events one line carries, in order.
    QList<ChatStreamEvent> handleLine(const QByteArray& line);

private:
    LineSplitter m_lines;
    bool m_sawEnd = false;
};

} // namespace palaver::server
