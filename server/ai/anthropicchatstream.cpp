#include "anthropicchatstream.h"

#include "logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::ErrorCode;

namespace palaver::server {

namespace {

using Kind = ChatStreamEvent::Kind;

ChatStreamEvent makeEvent(Kind kind, const QString& text = {})
{
    ChatStreamEvent event;
    event.kind = kind;
    event.text = text;
    return event;
}

void appendText(QList<ChatStreamEvent>& out, Kind kind, const QString& text)
{
    if (!text.isEmpty())
        out.append(makeEvent(kind, text));
}

ChatStreamEvent errorEvent(const QJsonObject& error)
{
    ChatStreamEvent event;
    event.kind = Kind::Error;
    event.errorCode = error.value("type"_L1).toString();
    event.errorMessage = error.value("message"_L1).toString();
    if (event.errorMessage.isEmpty())
        event.errorMessage = u"The model server reported an error"_s;
    // Anthropic as a whole is busy (the mid-stream form of HTTP 529): not this request's fault.
    if (event.errorCode == "overloaded_error"_L1)
        event.errorClass = ErrorCode::UpstreamUnavailable;
    return event;
}

std::optional<QJsonObject> parseObject(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Only the size: the payload may hold the user's conversation.
        qCWarning(lcPalaverAi) << "Skipping an Anthropic payload that is not a JSON object:"
                               << parseError.errorString() << json.size() << "bytes";
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

QString AnthropicChatStream::finishReasonFor(const QString& stopReason)
{
    if (stopReason == "end_turn"_L1 || stopReason == "stop_sequence"_L1
        || stopReason == "pause_turn"_L1)
        return u"stop"_s;
    if (stopReason == "max_tokens"_L1 || stopReason == "model_context_window_exceeded"_L1)
        return u"length"_s;
    if (stopReason == "tool_use"_L1)
        return u"tool_calls"_s;
    if (stopReason == "refusal"_L1)
        return u"content_filter"_s;
    return stopReason;
}

QList<ChatStreamEvent> AnthropicChatStream::feed(QByteArrayView bytes)
{
    QList<ChatStreamEvent> out;
    for (const SseEvent& event : m_sse.feed(bytes))
        out.append(handleEvent(event));
    return out;
}

QList<ChatStreamEvent> AnthropicChatStream::finish()
{
    QList<ChatStreamEvent> out;
    // The SDK's own recordings end without the final blank line after message_stop.
    for (const SseEvent& event : m_sse.finish())
        out.append(handleEvent(event));
    return out;
}

QList<ChatStreamEvent> AnthropicChatStream::handleEvent(const SseEvent& event)
{
    QList<ChatStreamEvent> out;
    const std::optional<QJsonObject> parsed = parseObject(event.data.toUtf8());
    if (!parsed)
        return out;
    const QJsonObject& payload = *parsed;
    QString type = payload.value("type"_L1).toString();
    if (type.isEmpty())
        type = event.name;

    if (type == "content_block_delta"_L1) {
        const QJsonObject delta = payload.value("delta"_L1).toObject();
        const QString deltaType = delta.value("type"_L1).toString();
        if (deltaType == "text_delta"_L1)
            appendText(out, Kind::Content, delta.value("text"_L1).toString());
        else if (deltaType == "thinking_delta"_L1)
            appendText(out, Kind::Reasoning, delta.value("thinking"_L1).toString());
        else if (deltaType == "input_json_delta"_L1)
            appendText(out, Kind::ToolCall, delta.value("partial_json"_L1).toString());
        // signature_delta (proof of the thinking block) and citations are not shown.
    } else if (type == "content_block_start"_L1) {
        const QJsonObject block = payload.value("content_block"_L1).toObject();
        const QString blockType = block.value("type"_L1).toString();
        // Normally empty; the text then comes in deltas.
        if (blockType == "text"_L1)
            appendText(out, Kind::Content, block.value("text"_L1).toString());
        else if (blockType == "thinking"_L1)
            appendText(out, Kind::Reasoning, block.value("thinking"_L1).toString());
        else if (blockType == "tool_use"_L1 && !m_loggedToolUse) {
            m_loggedToolUse = true;
            qCInfo(lcPalaverAi) << "The model asked to call a tool"
                                << block.value("name"_L1).toString()
                                << "; Palaver does not offer tools yet, so it is not shown.";
        }
    } else if (type == "message_start"_L1) {
        const QJsonObject usage
            = payload.value("message"_L1).toObject().value("usage"_L1).toObject();
        m_inputTokens = tokenCount(usage.value("input_tokens"_L1));
    } else if (type == "message_delta"_L1) {
        const QString stopReason
            = payload.value("delta"_L1).toObject().value("stop_reason"_L1).toString();
        if (!stopReason.isEmpty())
            out.append(makeEvent(Kind::Finish, finishReasonFor(stopReason)));
        const QJsonObject usage = payload.value("usage"_L1).toObject();
        if (!usage.isEmpty()) {
            ChatStreamEvent event = makeEvent(Kind::Usage);
            // Newer API versions repeat the input count here.
            event.usage.inputTokens = tokenCount(usage.value("input_tokens"_L1), m_inputTokens);
            event.usage.outputTokens = tokenCount(usage.value("output_tokens"_L1));
            out.append(event);
        }
    } else if (type == "message_stop"_L1) {
        m_sawEnd = true;
        out.append(makeEvent(Kind::Done));
    } else if (type == "error"_L1) {
        out.append(errorEvent(payload.value("error"_L1).toObject()));
    }
    // ping and content_block_stop carry nothing to relay.
    return out;
}

QList<ChatStreamEvent> AnthropicChatStream::decodeOneShot(const QByteArray& json)
{
    QList<ChatStreamEvent> out;
    const std::optional<QJsonObject> parsed = parseObject(json);
    if (!parsed)
        return out;
    const QJsonObject& message = *parsed;
    if (message.value("type"_L1).toString() == "error"_L1) {
        out.append(errorEvent(message.value("error"_L1).toObject()));
        return out;
    }
    for (const QJsonValue& value : message.value("content"_L1).toArray()) {
        const QJsonObject block = value.toObject();
        const QString blockType = block.value("type"_L1).toString();
        if (blockType == "text"_L1)
            appendText(out, Kind::Content, block.value("text"_L1).toString());
        else if (blockType == "thinking"_L1)
            appendText(out, Kind::Reasoning, block.value("thinking"_L1).toString());
    }
    const QString stopReason = message.value("stop_reason"_L1).toString();
    if (!stopReason.isEmpty())
        out.append(makeEvent(Kind::Finish, finishReasonFor(stopReason)));
    const QJsonObject usage = message.value("usage"_L1).toObject();
    if (!usage.isEmpty()) {
        ChatStreamEvent event = makeEvent(Kind::Usage);
        event.usage.inputTokens = tokenCount(usage.value("input_tokens"_L1));
        event.usage.outputTokens = tokenCount(usage.value("output_tokens"_L1));
        out.append(event);
    }
    m_sawEnd = true;
    return out;
}

} // namespace palaver::server
