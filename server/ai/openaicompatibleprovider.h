#pragma once

#include "llmconfig.h"
#include "provider.h"

#include <QNetworkRequest>

namespace palaver::server {

/// Chat Completions over HTTP for every OpenAI-compatible server (OpenAI, llama.cpp's
/// llama-server, vLLM, LM Studio, Ollama's /v1, OpenRouter, DeepSeek, Groq): POSTs
/// `{baseUrl}/chat/completions` with `stream: true` and relays the SSE reply as it arrives.
class OpenAiCompatibleProvider : public Provider
{
public:
    explicit OpenAiCompatibleProvider(const LlmConfig& config);

    palaver::protocol::ModelInfo model() const override;
    Completion* start(const CompletionRequest& request, QObject* parent) override;

    /// The JSON body sent upstream for `request`.
    QByteArray requestBody(const CompletionRequest& request) const;
    /// The model id sent upstream: the configured one (the only one announced), else the request's.
    QString modelFor(const CompletionRequest& request) const;

private:
    QNetworkRequest networkRequest() const;

    LlmConfig m_config;
};

} // namespace palaver::server
