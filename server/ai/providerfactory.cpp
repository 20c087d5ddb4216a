#include "providerfactory.h"

#include "anthropicprovider.h"
#include "demomodel.h"
#include "ollamaprovider.h"
#include "openaicompatibleprovider.h"

namespace palaver::server {

std::unique_ptr<Provider> createProvider(const LlmConfig& config)
{
    switch (config.kind) {
    case LlmConfig::Kind::Demo:
        return std::make_unique<DemoModel>(config);
    case LlmConfig::Kind::OpenAi:
        return std::make_unique<OpenAiCompatibleProvider>(config);
    case LlmConfig::Kind::Ollama:
        return std::make_unique<OllamaProvider>(config);
    case LlmConfig::Kind::Anthropic:
        return std::make_unique<AnthropicProvider>(config);
    }
    return std::make_unique<DemoModel>(config);
}

} // namespace palaver::server
