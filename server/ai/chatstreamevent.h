#pragma once

#include "protocol/errorcode.h"
#include "protocol/messages.h"

#include <QJsonValue>
#include <QString>

namespace palaver::server {

/// One normalised piece of a streamed LLM reply, whatever the upstream's wire format.
struct ChatStreamEvent
{
    enum class Kind {
        Content, ///< reply text (`delta.content`)
        Reasoning, ///< thinking text (`delta.reasoning_content` or `delta.reasoning`)
        Refusal, ///< the model refused (`delta.refusal`); shown to the user as text
        ToolCall, ///< a tool-call fragment: recognised, never shown (no tools in v1)
        Usage, ///< token counts
        /// The finish reason, in OpenAI's names (stop, length, tool_calls, content_filter,
        /// error…); other formats' reasons are translated by their decoder.
        Finish,
        Done, ///< the end marker (`data: [DONE]`, `message_stop`, `done: true`)
        Error, ///< the upstream reported an error inside the 200 reply
    };
    Kind kind = Kind::Content;
    QString text; ///< Content/Reasoning/Refusal text, the finish reason, or a tool-call fragment
    palaver::protocol::Usage usage; ///< Kind::Usage
    QString errorMessage; ///< Kind::Error: the provider's message (never empty)
    QString errorCode; ///< Kind::Error: the provider's `code` or `type`, if any
    /// Kind::Error: how the user is told (upstream_unavailable for an overloaded provider).
    palaver::protocol::ErrorCode errorClass = palaver::protocol::ErrorCode::UpstreamError;
};

/// The largest token count the protocol carries (2^53 - 1, exact in a JSON number).
inline constexpr qint64 kMaxTokenCount = (qint64(1) << 53) - 1;

/// A token count as an upstream reported it, clamped to 0 … kMaxTokenCount: a negative or huge
/// count from a broken upstream would otherwise reach `generation.end`, which every client refuses
/// to decode (found by fuzzing the stream decoders).
inline qint64 tokenCount(const QJsonValue& value, qint64 fallback = 0)
{
    return qBound(qint64(0), value.toInteger(fallback), kMaxTokenCount);
}

} // namespace palaver::server
