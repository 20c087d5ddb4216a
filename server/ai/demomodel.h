#pragma once

#include "llmconfig.h"
#include "provider.h"

namespace palaver::server {

/// Palaver's built-in offline model: streams a fixed markdown reply that explains how to configure
/// a real LLM, so a fresh install works with no model server at all.
class DemoModel : public Provider
{
public:
    explicit DemoModel(const LlmConfig& config);

    palaver::protocol::ModelInfo model() const override;
    Completion* start(const CompletionRequest& request, QObject* parent) override;

    /// The whole reply the demo model streams for `request`; deterministic. When the prompt ends
    /// with an assistant turn (and maybe the continuation instruction) that begins the reply to
    /// the turns before it, only the rest of that reply.
    static QString replyFor(const CompletionRequest& request);
    /// `text` cut into word-sized deltas (each word with the whitespace after it); they concatenate
    /// back to `text`.
    static QStringList splitIntoDeltas(const QString& text);

private:
    /// The fixed reply, quoting the latest user turn.
    static QString fullReply(const CompletionRequest& request);

    int m_tokensPerSecond;
};

} // namespace palaver::server
