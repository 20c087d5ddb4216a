#include "ollamachatstream.h"

#include "logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

namespace {

using Kind = ChatStreamEvent::Kind;

void appendText(QList<ChatStreamEvent>& out, Kind kind, const QString& text)
{
    if (text.isEmpty())
        return;
    ChatStreamEvent event;
    event.kind = kind;
    event.text = text;
    out.append(event);
}

// The first of `keys` in `object` that holds a non-empty string.
QString firstString(const QJsonObject& object, std::initializer_list<QLatin1StringView> keys)
{
    for (const QLatin1StringView key : keys) {
        const QString text = object.value(key).toString();
        if (!text.isEmpty())
            return text;
    }
    return {};
}

} // namespace

QList<ChatStreamEvent> OllamaChatStream::feed(QByteArrayView bytes)
{
    QList<ChatStreamEvent> out;
    for (const QByteArray& line : m_lines.feed(bytes))
        out.append(handleLine(line));
    return out;
}

QList<ChatStreamEvent> OllamaChatStream::finish()
{
    QList<ChatStreamEvent> out;
    // The last line may lack its "\n".
    for (const QByteArray& line : m_lines.finish())
        out.append(handleLine(line));
    return out;
}

QList<ChatStreamEvent> OllamaChatStream::decodeOneShot(const QByteArray& json)
{
    // With stream: false Ollama sends the same object as the last line, content included.
    return handleLine(json);
}

QList<ChatStreamEvent> OllamaChatStream::handleLine(const QByteArray& line)
{
    QList<ChatStreamEvent> out;
    if (line.trimmed().isEmpty())
        return out; // a keep-alive or a blank separator
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        // Only the size: the line may hold the user's conversation. A stream that never
        // finishes is still caught by the missing `done: true`.
        qCWarning(lcPalaverAi) << "Skipping an Ollama line that is not a JSON object:"
                               << parseError.errorString() << line.size() << "bytes";
        return out;
    }
    const QJsonObject object = doc.object();

    // Errors after the 200 come as {"error": "…"} (sometimes {"error": {"message": …}}).
    const QJsonValue error = object.value("error"_L1);
    if (!error.isUndefined() && !error.isNull()) {
        ChatStreamEvent event;
        event.kind = Kind::Error;
        event.errorMessage
            = error.isString() ? error.toString() : error.toObject().value("message"_L1).toString();
        if (event.errorMessage.isEmpty())
            event.errorMessage = u"The model server reported an error"_s;
        out.append(event);
        return out;
    }

    const QJsonObject message = object.value("message"_L1).toObject();
    appendText(out, Kind::Reasoning,
        message.isEmpty() ? firstString(object, { "thinking"_L1 })
                          : firstString(message, { "thinking"_L1 }));
    appendText(out, Kind::Content,
        message.isEmpty() ? firstString(object, { "response"_L1 })
                          : firstString(message, { "content"_L1 }));
    if (!message.value("tool_calls"_L1).toArray().isEmpty()) {
        qCInfo(lcPalaverAi) << "The model asked to call a tool; Palaver does not offer tools yet, "
                               "so it is not shown.";
        ChatStreamEvent event;
        event.kind = Kind::ToolCall;
        event.text = QString::fromUtf8(
            QJsonDocument(message.value("tool_calls"_L1).toArray()).toJson(QJsonDocument::Compact));
        out.append(event);
    }

    if (object.value("done"_L1).toBool()) {
        m_sawEnd = true;
        ChatStreamEvent finish;
        finish.kind = Kind::Finish;
        // "stop", "length", or "load"/"unload" for a request that only (un)loaded the model.
        finish.text = object.value("done_reason"_L1).toString(u"stop"_s);
        out.append(finish);
        if (object.contains("prompt_eval_count"_L1) || object.contains("eval_count"_L1)) {
            ChatStreamEvent usage;
            usage.kind = Kind::Usage;
            usage.usage.inputTokens = tokenCount(object.value("prompt_eval_count"_L1));
            usage.usage.outputTokens = tokenCount(object.value("eval_count"_L1));
            out.append(usage);
        }
        ChatStreamEvent done;
        done.kind = Kind::Done;
        out.append(done);
    }
    return out;
}

} // namespace palaver::server
