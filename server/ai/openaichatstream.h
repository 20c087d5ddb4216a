#pragma once

#include "protocol/messages.h"
#include "sseparser.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace palaver::server {

/// One normalised piece of an OpenAI-compatible Chat Completions reply.
struct ChatStreamEvent
{
    enum class Kind {
        Content, ///< reply text (`delta.content`)
        Reasoning, ///< thinking text (`delta.reasoning_content` or `delta.reasoning`)
        Refusal, ///< the model refused (`delta.refusal`); shown to the user as text
        ToolCall, ///< a tool-call fragment: recognised, never shown (no tools in v1)
        Usage, ///< token counts
        Finish, ///< `finish_reason` (in `text`: stop, length, tool_calls, content_filter, error…)
        Done, ///< `data: [DONE]`
        Error, ///< the upstream reported an error inside the 200 reply
    };
    Kind kind = Kind::Content;
    QString text; ///< Content/Reasoning/Refusal text, the finish reason, or a tool-call fragment
    palaver::protocol::Usage usage; ///< Kind::Usage
    QString errorMessage; ///< Kind::Error: the provider's message (never empty)
    QString errorCode; ///< Kind::Error: the provider's `code` or `type`, if any
};

/// Reads OpenAI-compatible Chat Completions payloads (one SSE event or one whole JSON reply) and
/// normalises the dialects of OpenAI, llama.cpp, vLLM, OpenRouter, DeepSeek, Groq, Ollama /v1 and
/// Azure. Every payload is checked for an error before its choices are read.
class OpenAiChatStream
{
public:
    /// The events one SSE event carries, in order.
    QList<ChatStreamEvent> handleEvent(const SseEvent& event);
    /// The events of a non-streaming reply (`application/json` with `message` instead of `delta`).
    QList<ChatStreamEvent> handleOneShot(const QByteArray& json);

    /// Whether the stream reached its end marker (a finish_reason or [DONE]); a stream that ends
    /// without one was cut off.
    bool sawEnd() const { return m_sawEnd; }

private:
    QList<ChatStreamEvent> handlePayload(const QByteArray& json, bool oneShot);

    bool m_sawEnd = false;
    bool m_loggedToolCall = false;
};

} // namespace palaver::server
