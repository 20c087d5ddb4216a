#pragma once

#include "llmconfig.h"
#include "provider.h"

#include <QNetworkRequest>

namespace palaver::server {

/// Anthropic Messages: POSTs `{baseUrl}/messages` (base https://api.anthropic.com/v1) with
/// `x-api-key`, `anthropic-version: 2023-06-01`, the system prompt as the top-level `system`,
/// `max_tokens` (required by the API) and `stream: true`, and relays the SSE reply as it arrives.
class AnthropicProvider : public Provider
{
public:
    explicit AnthropicProvider(const LlmConfig& config);

    palaver::protocol::ModelInfo model() const override;
    Completion* start(const CompletionRequest& request, QObject* parent) override;

    /// The JSON body sent upstream for `request`.
    QByteArray requestBody(const CompletionRequest& request) const;

private:
    QNetworkRequest networkRequest() const;

    LlmConfig m_config;
};

} // namespace palaver::server
