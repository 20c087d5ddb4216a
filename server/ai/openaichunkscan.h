#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace palaver::server::openaichunk {

/// The text of a plain content chunk, the shape of nearly every event of a streamed OpenAI-style
/// reply: `{"id":…,"object":"chat.completion.chunk","created":…,"model":…,
/// "choices":[{"index":0,"delta":{"role":…,"content":"…"},"logprobs":…,"finish_reason":null}]}`
/// (also with Azure's content_filter_results, OpenAI's obfuscation, and null usage, error,
/// reasoning, refusal or tool_calls, which the full parse ignores too).
/// Read in one pass without building a QJsonDocument, which cost more than the rest of a
/// token's way through the server.
///
/// Only for that shape: any other field (error, usage, reasoning, refusal, tool calls, a
/// finish_reason that is not null, "object":"error"…), an escaped key, a surrogate escape,
/// invalid UTF-8 or JSON the full parser would reject gives nullopt, and the caller parses the
/// chunk in full. So the fast path never decides an error, an end, usage or a malformed chunk.
/// An empty or null content, or no choices, gives an empty string: nothing to relay.
std::optional<QString> plainContent(QByteArrayView json);

} // namespace palaver::server::openaichunk
