#pragma once

#include "sseparser.h"
#include "streamdecoder.h"

namespace palaver::server {

/// Reads Anthropic Messages replies: SSE with named events (`message_start` with the input token
/// count, `content_block_delta` carrying `text_delta`, `thinking_delta` or `input_json_delta`,
/// `message_delta` with the stop reason and output count, `message_stop` as the end, `ping`,
/// `error`), or one JSON message when not streamed. Stop reasons are translated to OpenAI's names.
class AnthropicChatStream : public StreamDecoder
{
public:
    QList<ChatStreamEvent> feed(QByteArrayView bytes) override;
    QList<ChatStreamEvent> finish() override;
    QList<ChatStreamEvent> decodeOneShot(const QByteArray& json) override;
    bool sawEnd() const override { return m_sawEnd; }
    void setMaxLineBytes(qsizetype maxBytes) override { m_sse.setMaxLineBytes(maxBytes); }
    bool overflowed() const override { return m_sse.overflowed(); }

    /// The events one SSE event carries, in order.
    QList<ChatStreamEvent> handleEvent(const SseEvent& event);

    /// Anthropic's stop_reason in OpenAI's names: end_turn → stop, max_tokens → length,
    /// tool_use → tool_calls, refusal → content_filter.
    static QString finishReasonFor(const QString& stopReason);

private:
    SseParser m_sse;
    qint64 m_inputTokens = 0; ///< from message_start; message_delta only has the output count
    bool m_sawEnd = false;
    bool m_loggedToolUse = false;
};

} // namespace palaver::server
