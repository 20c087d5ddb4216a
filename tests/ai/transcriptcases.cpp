#include "transcriptcases.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::ErrorCode;
using palaver::protocol::FinishReason;
using palaver::protocol::Usage;
using Kind = palaver::server::LlmConfig::Kind;

namespace transcript {

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// The provider's message in one entry of `errors`, in each of refparse.py's shapes.
QString errorMessage(const QJsonValue& error)
{
    if (error.isString())
        return error.toString();
    const QJsonObject object = error.toObject();
    if (object.contains("nonstandard_field"_L1)) {
        // Old llama.cpp's `error:` line: its value is the JSON of the error.
        const QString raw
            = object.value("nonstandard_field"_L1).toObject().value("error"_L1).toString();
        return QJsonDocument::fromJson(raw.toUtf8()).object().value("message"_L1).toString();
    }
    return object.value("message"_L1).toString();
}

std::optional<Usage> usageOf(
    const QJsonValue& value, QLatin1StringView input, QLatin1StringView output)
{
    const QJsonObject usage = value.toObject();
    if (!usage.contains(output))
        return std::nullopt;
    return Usage { usage.value(input).toInteger(), usage.value(output).toInteger() };
}

Expectation expectationFor(Kind kind, const QJsonObject& entry)
{
    Expectation e;
    e.text = entry.value("content"_L1).toString() + entry.value("refusal"_L1).toString();
    QString reason;
    bool ended = false;
    switch (kind) {
    case Kind::Anthropic: {
        e.reasoning = entry.value("thinking"_L1).toString();
        ended = entry.value("message_stop"_L1).toBool();
        const QString stop = entry.value("stop_reason"_L1).toString();
        reason = stop == "max_tokens"_L1 ? u"length"_s : stop;
        e.usage = usageOf(entry.value("usage"_L1), "input_tokens"_L1, "output_tokens"_L1);
        break;
    }
    case Kind::Ollama: {
        e.reasoning = entry.value("thinking"_L1).toString();
        ended = entry.value("done"_L1).toBool();
        reason = entry.value("done_reason"_L1).toString();
        if (!entry.value("eval_count"_L1).isNull())
            e.usage = Usage { entry.value("prompt_eval_count"_L1).toInteger(),
                entry.value("eval_count"_L1).toInteger() };
        break;
    }
    default:
        e.reasoning = entry.value("reasoning"_L1).toString();
        reason = entry.value("finish_reason"_L1).toString();
        ended = entry.value("done"_L1).toBool() || !reason.isEmpty();
        e.usage = usageOf(entry.value("usage"_L1), "prompt_tokens"_L1, "completion_tokens"_L1);
        break;
    }

    const QJsonArray errors = entry.value("errors"_L1).toArray();
    if (!errors.isEmpty()) {
        e.finish = FinishReason::Error;
        e.errorPart = errorMessage(errors.first());
        const bool overloaded
            = errors.first().toObject().value("type"_L1).toString() == "overloaded_error"_L1;
        e.errorCode = overloaded ? ErrorCode::UpstreamUnavailable : ErrorCode::UpstreamError;
    } else if (!ended) {
        e.finish = FinishReason::Interrupted;
        e.errorCode = ErrorCode::UpstreamError;
    } else if (reason == "length"_L1) {
        e.finish = FinishReason::Length;
    } else {
        e.finish = FinishReason::Stop;
    }
    return e;
}

// The first JSON string value of one of `keys` that is not empty: the offset of its first
// character, or -1.
qsizetype firstStringValue(const QByteArray& body, const QString& keys)
{
    const QRegularExpression pattern(u"\"(%1)\"\\s*:\\s*\"(?!\")"_s.arg(keys));
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(body));
    if (!match.hasMatch())
        return -1;
    // Offsets in UTF-16 units: convert the prefix back to find the byte offset.
    return QString::fromUtf8(body).left(match.capturedEnd()).toUtf8().size();
}

} // namespace

QList<Fixture> loadFixtures(const QString& fixtureDir)
{
    const QJsonObject all
        = QJsonDocument::fromJson(readAll(fixtureDir + u"expected.json"_s)).object();
    QList<Fixture> fixtures;
    for (auto it = all.begin(); it != all.end(); ++it) {
        Fixture f;
        f.name = QDir::cleanPath(it.key());
        f.path = fixtureDir + f.name;
        f.body = readAll(f.path);
        const QString base = QFileInfo(f.name).fileName();
        f.ndjson = base.endsWith(u".ndjson"_s);
        f.contentType = f.ndjson ? "application/x-ndjson" : "text/event-stream";
        if (base.startsWith(u"ollama"_s))
            f.kind = Kind::Ollama;
        else if (base.startsWith(u"anthropic"_s))
            f.kind = Kind::Anthropic;
        else
            f.kind = Kind::OpenAi;
        f.expected = expectationFor(f.kind, it.value().toObject());
        fixtures.append(f);
    }
    return fixtures;
}

QByteArray withCrlf(const QByteArray& body)
{
    QByteArray out = body;
    return out.replace("\n", "\r\n");
}

QByteArray withKeepAlives(const QByteArray& body, bool ndjson)
{
    if (ndjson) {
        QByteArray out = "\n" + body;
        return out.replace("}\n", "}\n\n  \n");
    }
    // Alternate the two keep-alives real servers send; one also before the first event.
    QByteArray out = ": ping\n\n";
    const QList<QByteArray> events = body.split('\n');
    int n = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        out += events.at(i);
        if (i + 1 < events.size())
            out += '\n';
        if (events.at(i).isEmpty() && i + 1 < events.size() && i > 0)
            out += (n++ % 2 == 0) ? ": OPENROUTER PROCESSING\n\n" : ": ping\n\n";
    }
    return out;
}

bool withEmoji(QByteArray& body, Expectation& expected)
{
    const QByteArray fox = "\xF0\x9F\xA6\x8A"; // U+1F98A, 4 bytes in UTF-8
    QString* target = &expected.text;
    qsizetype at = firstStringValue(body, u"content|text|response|refusal"_s);
    if (at < 0) {
        target = &expected.reasoning;
        at = firstStringValue(body, u"reasoning_content|reasoning|thinking"_s);
    }
    if (at < 0 || target->isEmpty())
        return false;
    // After the first character when it is plain ASCII, so the character sits inside the delta.
    const char first = body.at(at);
    const bool after = first != '\\' && uchar(first) < 0x80;
    body.insert(after ? at + 1 : at, fox);
    target->insert(after ? 1 : 0, QString::fromUtf8(fox));
    return true;
}

} // namespace transcript
