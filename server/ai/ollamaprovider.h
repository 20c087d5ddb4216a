#pragma once

#include "llmconfig.h"
#include "provider.h"

#include <QNetworkRequest>

namespace palaver::server {

/// Ollama's native chat API: POSTs `{baseUrl}/api/chat` with `stream: true` and the sampling
/// settings in `options`, and relays the NDJSON reply as it arrives. (Ollama's OpenAI-compatible
/// /v1 works through OpenAiCompatibleProvider too; the native API also reports thinking and
/// token counts without extra options.)
class OllamaProvider : public Provider
{
public:
    explicit OllamaProvider(const LlmConfig& config);

    palaver::protocol::ModelInfo model() const override;
    Completion* start(const CompletionRequest& request, QObject* parent) override;

    /// The JSON body sent upstream for `request`.
    QByteArray requestBody(const CompletionRequest& request) const;

private:
    QNetworkRequest networkRequest() const;

    LlmConfig m_config;
};

} // namespace palaver::server
