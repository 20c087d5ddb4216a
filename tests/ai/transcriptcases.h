#pragma once

// The transcript matrix: every fixture with an entry in expected.json, turned into what a
// Completion must emit for it, and the byte-level variants it is replayed in.

#include "protocol/errorcode.h"
#include "protocol/messages.h"

#include "ai/llmconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace transcript {

/// What one replay must produce.
struct Expectation
{
    QString text; ///< content (and refusal text, which is shown as text)
    QString reasoning;
    palaver::protocol::FinishReason finish = palaver::protocol::FinishReason::Stop;
    std::optional<palaver::protocol::ErrorCode> errorCode; ///< set for FinishReason::Error
    QString errorPart; ///< the provider's message, which the error message must contain
    std::optional<palaver::protocol::Usage> usage; ///< the last usage reported, if any
};

/// One fixture: its bytes and what they must give.
struct Fixture
{
    QString name; ///< the key in expected.json, e.g. "derived/azure-openai-chat-stream-1.sse"
    QString path;
    QByteArray body;
    QByteArray contentType;
    palaver::server::LlmConfig::Kind kind = palaver::server::LlmConfig::Kind::OpenAi;
    bool ndjson = false;
    Expectation expected;
};

/// Every fixture listed in tests/fixtures/llm/expected.json, with its expectation.
QList<Fixture> loadFixtures(const QString& fixtureDir);

/// Every "\n" made "\r\n".
QByteArray withCrlf(const QByteArray& body);
/// Keep-alives between events: SSE comments (`: ping`, `: OPENROUTER PROCESSING`), or blank lines
/// for NDJSON.
QByteArray withKeepAlives(const QByteArray& body, bool ndjson);
/// Inserts a 4-byte UTF-8 character (U+1F98A) inside the first non-empty text delta (or, if the
/// reply has no text, the first reasoning delta) and updates `expected` to match. False when the
/// reply has neither.
bool withEmoji(QByteArray& body, Expectation& expected);

} // namespace transcript
