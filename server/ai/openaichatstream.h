#pragma once

#include "sseparser.h"
#include "streamdecoder.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace palaver::server {

/// Reads OpenAI-compatible Chat Completions payloads (one SSE event or one whole JSON reply) and
/// normalises the dialects of OpenAI, llama.cpp, vLLM, OpenRouter, DeepSeek, Groq, Ollama /v1 and
/// Azure. Every payload is checked for an error before its choices are read.
class OpenAiChatStream : public StreamDecoder
{
public:
    QList<ChatStreamEvent> feed(QByteArrayView bytes) override;
    QList<ChatStreamEvent> finish() override;
    QList<ChatStreamEvent> decodeOneShot(const QByteArray& json) override
    {
        return handleOneShot(json);
    }

    /// The events one SSE event carries, in order.
    QList<ChatStreamEvent> handleEvent(const SseEvent& event);
    /// The events of a non-streaming reply (`application/json` with `message` instead of `delta`).
    QList<ChatStreamEvent> handleOneShot(const QByteArray& json);

    /// Whether the stream reached its end marker (a finish_reason or [DONE]); a stream that ends
    /// without one was cut off.
    bool sawEnd() const override { return m_sawEnd; }
    void setMaxLineBytes(qsizetype maxBytes) override { m_sse.setMaxLineBytes(maxBytes); }
    bool overflowed() const override { return m_sse.overflowed(); }

private:
    QList<ChatStreamEvent> handlePayload(const QByteArray& json, bool oneShot);

    SseParser m_sse;
    bool m_sawEnd = false;
    bool m_loggedToolCall = false;
};

} // namespace palaver::server
