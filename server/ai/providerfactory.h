#pragma once

#include "llmconfig.h"
#include "provider.h"

#include <memory>

namespace palaver::server {

/// The provider `config` asks for: DemoModel for Kind::Demo, OpenAiCompatibleProvider for
/// Kind::OpenAi.
std::unique_ptr<Provider> createProvider(const LlmConfig& config);

} // namespace palaver::server
