#pragma once

#include "llmconfig.h"

#include <QList>
#include <QString>

namespace palaver::server {

/// One model the server offers: how clients see it (id, display name) and how it is reached
/// (the LlmConfig its provider is built from), plus its prompt budget.
struct ModelSpec
{
    QString id; ///< stable: stored in conversation.model, e.g. "gpt4o" from [model.gpt4o]
    QString name; ///< shown in the client's model picker
    LlmConfig llm;
    QString apiKeyEnv; ///< the environment variable the key was read from, for the log
    /// Most tokens of prompt (system prompt + history) sent upstream, estimated as characters / 4;
    /// older turns are dropped first. 0 = no limit.
    int contextTokens = 0;
    bool isDefault = false;
};

} // namespace palaver::server
