#pragma once

#include <QString>
#include <QUrl>
#include <optional>

namespace palaver::server {

/// Which LLM the server forwards to, as chosen on the command line or in the config file.
struct LlmConfig
{
    enum class Kind {
        Demo, ///< the built-in offline model
        OpenAi, ///< any OpenAI-compatible Chat Completions server
        Ollama, ///< Ollama's native /api/chat
        Anthropic, ///< Anthropic Messages
    };
    Kind kind = Kind::Demo;
    /// e.g. https://api.openai.com/v1 (+ /chat/completions), http://127.0.0.1:11434 for Ollama
    /// (+ /api/chat), https://api.anthropic.com/v1 (+ /messages)
    QUrl baseUrl;
    QString model; ///< upstream model id
    QString
        apiKey; ///< from PALAVER_LLM_API_KEY, falling back to OPENAI_API_KEY, or the config file
    int demoTokensPerSecond = 30; ///< pace of the built-in demo model
    int connectTimeoutMs = 30000; ///< until the first byte of the reply
    int idleTimeoutMs = 60000; ///< between two chunks of a streaming reply
    /// Sampling temperature; unset = the upstream's default (not sent).
    std::optional<double> temperature;
    /// Most tokens in one reply; unset = the upstream's default (Anthropic requires a value:
    /// anthropicDefaultMaxTokens).
    std::optional<int> maxTokens;
    /// The OpenAI request field for maxTokens: "max_tokens", or "max_completion_tokens" that
    /// OpenAI's reasoning models require.
    QString maxTokensField = QStringLiteral("max_tokens");
    /// A 429/503/529 or a failed connection is retried this often before the first token.
    int maxRetries = 2;
    /// Backoff before retry n (1, 2, …) without a Retry-After: retryBaseDelayMs * 2^(n-1).
    int retryBaseDelayMs = 1000;

    static constexpr int anthropicDefaultMaxTokens = 4096;

    /// The config-file and command-line name of `kind`: demo, openai, ollama or anthropic.
    static QString kindName(Kind kind)
    {
        switch (kind) {
        case Kind::OpenAi:
            return QStringLiteral("openai");
        case Kind::Ollama:
            return QStringLiteral("ollama");
        case Kind::Anthropic:
            return QStringLiteral("anthropic");
        case Kind::Demo:
            break;
        }
        return QStringLiteral("demo");
    }

    /// The kind named `name` (see kindName), or nothing.
    static std::optional<Kind> kindFromName(const QString& name)
    {
        for (const Kind kind : { Kind::Demo, Kind::OpenAi, Kind::Ollama, Kind::Anthropic }) {
            if (kindName(kind) == name)
                return kind;
        }
        return std::nullopt;
    }

    /// The usual base URL of `kind` when none is configured (empty for Demo).
    static QUrl defaultBaseUrl(Kind kind)
    {
        switch (kind) {
        case Kind::OpenAi:
            return QUrl(QStringLiteral("https://api.openai.com/v1"));
        case Kind::Ollama:
            return QUrl(QStringLiteral("http://127.0.0.1:11434"));
        case Kind::Anthropic:
            return QUrl(QStringLiteral("https://api.anthropic.com/v1"));
        case Kind::Demo:
            break;
        }
        return {};
    }
};

} // namespace palaver::server
