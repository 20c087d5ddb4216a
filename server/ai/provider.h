#pragma once

// The one interface every LLM upstream implements: the built-in demo model, OpenAI-compatible
// Chat Completions, Ollama native and Anthropic Messages.

#include "protocol/messages.h"

#include <QList>
#include <QObject>
#include <QString>
#include <optional>

namespace palaver::server {

/// One turn of the prompt sent upstream.
struct PromptTurn
{
    enum class Role { System, User, Assistant };
    Role role = Role::User;
    QString text;
};

/// What a generation asks of a provider.
struct CompletionRequest
{
    QString model; ///< the upstream model id (a provider may ignore it)
    QList<PromptTurn> turns; ///< oldest first; a system prompt, if any, comes first
    /// Most bytes of one line of a streamed reply (an SSE line or event, an NDJSON object) and of
    /// a reply sent as one JSON document; more ends the reply as interrupted. The server sets it
    /// from GenerationLimits::maxUpstreamLineBytes.
    qint64 maxLineBytes = 1024 * 1024;
};

/// One running upstream reply. It emits delta() any number of times and then finished() exactly
/// once, all in the thread it was created in. After abort() it emits nothing more.
class Completion : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Stops at once; for HTTP upstreams the request is aborted so the model server stops too.
    virtual void abort() = 0;
    /// While paused, a completion reads nothing more from its upstream (an HTTP one stops reading
    /// its reply, so TCP pushes back on the model server; the demo model stops its clock) and its
    /// idle timeout does not run; what it had already read (one read, at most 64 KiB) may still
    /// be relayed. Resuming goes on where it was. The server
    /// pauses replies while its connections' send queues are full, so a reply is read at the pace
    /// of its readers. The default does nothing (a completion that has nothing to pause).
    virtual void setPaused(bool paused) { Q_UNUSED(paused) }

Q_SIGNALS:
    /// New reply text and/or reasoning ("thinking") text, in arrival order; never splits a
    /// UTF-8 sequence.
    void delta(const QString& text, const QString& reasoning);
    /// Token counts, when the upstream reports them.
    void usageReported(const palaver::protocol::Usage& usage);
    /// Waiting for the upstream or about to retry (retryInMs set).
    void statusChanged(palaver::protocol::GenerationState state, std::optional<qint64> retryInMs);
    /// The end: Stop/Length when the upstream finished properly, Interrupted when the stream ended
    /// without its end marker, Error with `error` set when the upstream failed.
    void finished(palaver::protocol::FinishReason finish,
        const std::optional<palaver::protocol::ErrorInfo>& error);
};

/// A source of completions for one configured model.
class Provider
{
public:
    virtual ~Provider() = default;
    /// How the model is announced to clients in `welcome`.
    virtual palaver::protocol::ModelInfo model() const = 0;
    /// Starts a completion; the returned object is a child of `parent` and lives in its thread.
    virtual Completion* start(const CompletionRequest& request, QObject* parent) = 0;
};

} // namespace palaver::server
