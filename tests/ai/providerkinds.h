#pragma once

// What differs between the three HTTP providers in the failure and concurrency tests: a good
// stream, where its end marker is, and how each wire format reports an error.

#include "fakeupstream.h"
#include "providertestsupport.h"

#include <QTest>

namespace providertest {

using Kind = LlmConfig::Kind;

/// Adds a "kind" column with one row per HTTP provider.
inline void addKindRows(const QString& suffix = {})
{
    QTest::newRow(qPrintable(u"openai"_s + suffix)) << int(Kind::OpenAi);
    QTest::newRow(qPrintable(u"ollama"_s + suffix)) << int(Kind::Ollama);
    QTest::newRow(qPrintable(u"anthropic"_s + suffix)) << int(Kind::Anthropic);
}

/// A good streaming transcript of `kind`.
inline QString goodFixture(Kind kind)
{
    switch (kind) {
    case Kind::Ollama:
        return u"ollama-chat-1.ndjson"_s;
    case Kind::Anthropic:
        return u"anthropic-messages-1.sse"_s;
    default:
        return u"openai-chat-stream-1.sse"_s;
    }
}

inline FakeUpstream::Response goodResponse(Kind kind, int writeSize = 7)
{
    return FakeUpstream::responseFromFile(fixtureDir + goodFixture(kind), writeSize);
}

/// Where the line that ends the good stream starts (finish chunk, `done: true`, message_delta):
/// everything before it is the whole text, nothing before it ends the reply.
inline qsizetype endMarkerLine(Kind kind, const QByteArray& body)
{
    const QByteArray marker = kind == Kind::Ollama ? "\"done\":true"_ba
        : kind == Kind::Anthropic                  ? "event: message_delta"_ba
                                                   : "\"finish_reason\":\"stop\""_ba;
    const qsizetype at = body.indexOf(marker);
    return at < 0 ? -1 : body.lastIndexOf('\n', at) + 1;
}

/// An error body as each API sends it with an HTTP error status.
inline QByteArray httpErrorBody(Kind kind, const QString& message)
{
    switch (kind) {
    case Kind::Ollama:
        return R"({"error":")" + message.toUtf8() + R"("})";
    case Kind::Anthropic:
        return R"({"type":"error","error":{"type":"api_error","message":")" + message.toUtf8()
            + R"("}})";
    default:
        return R"({"error":{"message":")" + message.toUtf8()
            + R"(","type":"invalid_request_error"}})";
    }
}

/// An error reported inside a 200 stream, as each format does it.
inline QByteArray midStreamError(Kind kind, const QString& message)
{
    switch (kind) {
    case Kind::Ollama:
        return R"({"error":")" + message.toUtf8() + "\"}\n";
    case Kind::Anthropic:
        return "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
               "\"message\":\""
            + message.toUtf8() + "\"}}\n\n";
    default:
        return R"(data: {"error":{"message":")" + message.toUtf8() + "\"}}\n\n";
    }
}

/// A complete non-streaming reply saying "Hi" with 3 input and 2 output tokens.
inline QByteArray oneShotReply(Kind kind)
{
    switch (kind) {
    case Kind::Ollama:
        return R"({"model":"m","message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":2})";
    case Kind::Anthropic:
        return R"({"type":"message","role":"assistant","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}})";
    default:
        return R"({"choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}})";
    }
}

inline LlmConfig configFor(Kind kind, const QUrl& baseUrl)
{
    LlmConfig config = configFor(baseUrl);
    config.kind = kind;
    return config;
}

} // namespace providertest
