#pragma once

#include "chat/fanout.h"
#include "protocol/messages.h"

#include <QHash>
#include <QObject>

namespace palaver::server {

class Access;
class ChatStore;
class GenerationRunner;
struct GenerationRecord;
class Membership;
class ModelRegistry;

/// Every assistant reply of the server: starts them after a user message, stops and resumes them
/// on request, reports the live ones for `sync`, and turns those a crash or a shutdown left
/// unfinished into `interrupted`. A reply belongs to its conversation: all its members see it
/// stream, and any of them may stop, resume, continue or retry it; to anyone else its id does
/// not exist (`not_found`).
class Generations : public QObject
{
    Q_OBJECT
public:
    Generations(ChatStore& store, Fanout& fanout, Membership& membership, Access& access,
        const ModelRegistry& models, QObject* parent = nullptr);

    /// At start-up: marks every generation still `streaming` in the store as interrupted.
    int recoverInterrupted();
    /// Starts the assistant's reply to the conversation's latest message, with the
    /// conversation's model (the default one if it has none or an unknown one) and system
    /// prompt, and as much of its history as the model's prompt budget holds. `requesterId`
    /// hears about it if it cannot start.
    void start(const QString& requesterId, const protocol::Conversation& conversation);
    void stop(const SessionRef& session, const protocol::GenerationStop& request);
    void resume(const SessionRef& session, const protocol::GenerationResume& request);
    /// A new reply that goes on from an ended one's partial text (`generation.continue`).
    void continueGeneration(const SessionRef& session, const protocol::GenerationContinue& request);
    /// A new reply to the question an ended one answered (`generation.retry`).
    void retry(const SessionRef& session, const protocol::GenerationRetry& request);
    QList<protocol::LiveGeneration> live(const QString& convId) const;
    /// Aborts the conversation's running replies without storing (it is being deleted).
    void discardConversation(const QString& convId);
    /// Ends every running reply as interrupted (server shutdown).
    void interruptAll();
    int runningCount() const { return int(m_running.size()); }

Q_SIGNALS:
    void generationEnded(const QString& genId);

private:
    /// Starts a reply whose prompt is `messages` (and the continue instruction when asked).
    void launch(const QString& requesterId, const protocol::Conversation& conversation,
        const QList<protocol::ChatMessage>& messages, bool continuation);
    /// The stored record of an ended generation in one of the caller's conversations, or nothing
    /// after answering the request with `conflict` or `not_found`.
    std::optional<GenerationRecord> endedGeneration(
        const SessionRef& session, const QString& requestId, const QString& genId);

    ChatStore& m_store;
    Fanout& m_fanout;
    Membership& m_membership;
    Access& m_access;
    const ModelRegistry& m_models;
    QHash<QString, GenerationRunner*> m_running;
};

} // namespace palaver::server
