#include "openaichatstream.h"

#include "logging.h"
#include "openaichunkscan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

namespace {

using Kind = ChatStreamEvent::Kind;

ChatStreamEvent textEvent(Kind kind, const QString& text)
{
    ChatStreamEvent event;
    event.kind = kind;
    event.text = text;
    return event;
}

QString scalarToString(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

ChatStreamEvent errorEvent(const QString& message, const QString& code)
{
    ChatStreamEvent event;
    event.kind = Kind::Error;
    event.errorMessage = message.isEmpty() ? u"The model server reported an error"_s : message;
    event.errorCode = code;
    return event;
}

// `{"message": …, "type": …, "code": …}`, or a bare string as Ollama and some proxies send.
ChatStreamEvent errorFromValue(const QJsonValue& value)
{
    if (value.isString())
        return errorEvent(value.toString(), {});
    const QJsonObject error = value.toObject();
    QString code = scalarToString(error.value("code"_L1));
    if (code.isEmpty())
        code = scalarToString(error.value("type"_L1));
    return errorEvent(error.value("message"_L1).toString(), code);
}

// The value of old llama.cpp's `error:` field is a JSON error object, or plain text.
ChatStreamEvent errorFromField(const QString& field)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(field.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return errorEvent(field, {});
    const QJsonObject object = doc.object();
    // Either the error object itself or {"error": {…}}.
    return errorFromValue(object.contains("error"_L1) ? object.value("error"_L1) : object);
}

// A null or empty string yields nothing, so a role-only chunk never prints "null".
void appendText(QList<ChatStreamEvent>& out, Kind kind, const QJsonValue& value)
{
    const QString text = value.toString();
    if (!text.isEmpty())
        out.append(textEvent(kind, text));
}

} // namespace

QList<ChatStreamEvent> OpenAiChatStream::feed(QByteArrayView bytes)
{
    QList<ChatStreamEvent> out;
    for (const SseEvent& event : m_sse.feed(bytes))
        out.append(handleEvent(event));
    return out;
}

QList<ChatStreamEvent> OpenAiChatStream::finish()
{
    QList<ChatStreamEvent> out;
    for (const SseEvent& event : m_sse.finish())
        out.append(handleEvent(event));
    return out;
}

QList<ChatStreamEvent> OpenAiChatStream::handleEvent(const SseEvent& event)
{
    QList<ChatStreamEvent> out;
    if (!event.errorField.isEmpty())
        out.append(errorFromField(event.errorField));
    if (event.data.isEmpty())
        return out;
    if (event.data.trimmed() == "[DONE]"_L1) {
        m_sawEnd = true;
        out.append(textEvent(Kind::Done, {}));
        return out;
    }
    out.append(handlePayload(event.data.toUtf8(), false));
    return out;
}

QList<ChatStreamEvent> OpenAiChatStream::handleOneShot(const QByteArray& json)
{
    return handlePayload(json, true);
}

QList<ChatStreamEvent> OpenAiChatStream::handlePayload(const QByteArray& json, bool oneShot)
{
    QList<ChatStreamEvent> out;
    // Nearly every streamed chunk is plain content: read without a QJsonDocument. Anything
    // else (errors, the end, usage, reasoning…) is parsed in full below.
    if (!oneShot) {
        if (const std::optional<QString> text = openaichunk::plainContent(json)) {
            if (!text->isEmpty())
                out.append(textEvent(Kind::Content, *text));
            return out;
        }
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Not fatal: a proxy may interleave odd keep-alives; the end-of-stream check still
        // catches a reply that never finishes.
        // Only the size is logged: the chunk may hold the user's conversation.
        qCWarning(lcPalaverAi) << "Skipping a chat chunk that is not a JSON object:"
                               << parseError.errorString() << json.size() << "bytes";
        return out;
    }
    const QJsonObject chunk = doc.object();

    // Errors first: OpenAI/vLLM/llama.cpp send {"error": {…}}, OpenRouter a top-level error next
    // to finish_reason "error", some servers {"object": "error", "message": …}.
    const QJsonValue error = chunk.value("error"_L1);
    if (!error.isNull() && !error.isUndefined()
        && !(error.isObject() && error.toObject().isEmpty()))
        out.append(errorFromValue(error));
    else if (chunk.value("object"_L1).toString() == "error"_L1)
        out.append(errorFromValue(chunk));

    const QJsonArray choices = chunk.value("choices"_L1).toArray();
    // Azure's first chunk has choices: [] and no usage; that is neither an error nor the end.
    if (!choices.isEmpty()) {
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value(oneShot ? "message"_L1 : "delta"_L1).toObject();
        const QJsonValue reasoning = delta.value("reasoning_content"_L1);
        appendText(out, Kind::Reasoning,
            reasoning.toString().isEmpty() ? delta.value("reasoning"_L1) : reasoning);
        appendText(out, Kind::Content, delta.value("content"_L1));
        appendText(out, Kind::Refusal, delta.value("refusal"_L1));
        const QJsonArray toolCalls = delta.value("tool_calls"_L1).toArray();
        for (const QJsonValue& call : toolCalls) {
            const QJsonObject function = call.toObject().value("function"_L1).toObject();
            if (!m_loggedToolCall) {
                m_loggedToolCall = true;
                qCInfo(lcPalaverAi)
                    << "The model asked to call a tool" << function.value("name"_L1).toString()
                    << "; Palaver does not offer tools yet, so it is not shown.";
            }
            out.append(textEvent(Kind::ToolCall, function.value("arguments"_L1).toString()));
        }
        const QString finishReason = choice.value("finish_reason"_L1).toString();
        if (!finishReason.isEmpty()) {
            m_sawEnd = true;
            out.append(textEvent(Kind::Finish, finishReason));
        }
    }

    // Usage comes in a last chunk with choices: [] or on the finish chunk itself (DeepSeek, Groq).
    const QJsonObject usage = chunk.value("usage"_L1).toObject();
    if (!usage.isEmpty()) {
        ChatStreamEvent event;
        event.kind = Kind::Usage;
        event.usage.inputTokens = tokenCount(usage.value("prompt_tokens"_L1));
        event.usage.outputTokens = tokenCount(usage.value("completion_tokens"_L1));
        out.append(event);
    }
    return out;
}

} // namespace palaver::server
