#pragma once

#include "llmconfig.h"
#include "provider.h"

#include <memory>

namespace palaver::server {

/// The provider `config` asks for: DemoModel, OpenAiCompatibleProvider, OllamaProvider or
/// AnthropicProvider.
std::unique_ptr<Provider> createProvider(const LlmConfig& config);

} // namespace palaver::server
