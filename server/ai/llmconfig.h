#pragma once

#include <QString>
#include <QUrl>

namespace palaver::server {

/// Which LLM the server forwards to, as chosen on the command line or in the config file.
struct LlmConfig
{
    enum class Kind { Demo, OpenAi };
    Kind kind = Kind::Demo;
    QUrl baseUrl; ///< e.g. https://api.openai.com/v1 (the provider appends /chat/completions)
    QString model; ///< upstream model id
    QString apiKey; ///< from PALAVER_LLM_API_KEY, falling back to OPENAI_API_KEY, or the config file
    int demoTokensPerSecond = 30; ///< pace of the built-in demo model
    int connectTimeoutMs = 30000; ///< until the first byte of the reply
    int idleTimeoutMs = 60000; ///< between two chunks of a streaming reply
};

} // namespace palaver::server
