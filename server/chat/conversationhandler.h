#pragma once

#include "chat/fanout.h"
#include "protocol/messages.h"

namespace palaver::server {

class ChatStore;
class Generations;
class ModelRegistry;

/// The conversation requests of an authenticated user: list, create, update, delete, history,
/// sync and message.send. A user only ever sees their own conversations; anyone else's is
/// `not_found`.
class ConversationHandler
{
public:
    /// How many events one `sync` answer carries at most (hasMore tells the client to ask again).
    static constexpr int syncPageSize = 500;

    ConversationHandler(
        ChatStore& store, Fanout& fanout, Generations& generations, const ModelRegistry& models);

    void list(const SessionRef& session, const protocol::ConversationsList& request);
    void create(const SessionRef& session, const protocol::ConversationCreate& request);
    void update(const SessionRef& session, const protocol::ConversationUpdate& request);
    void remove(const SessionRef& session, const protocol::ConversationDelete& request);
    void history(const SessionRef& session, const protocol::HistoryRequest& request);
    void sync(const SessionRef& session, const protocol::SyncRequest& request);
    void send(const SessionRef& session, const protocol::MessageSend& request);

private:
    /// The caller's conversation, or nothing after answering `not_found`.
    std::optional<protocol::Conversation> owned(
        const SessionRef& session, const QString& requestId, const QString& convId);
    void storeFailed(const SessionRef& session, const QString& requestId);
    /// False after answering `bad_request` when `model` is set and names no offered model.
    bool knownModel(
        const SessionRef& session, const QString& requestId, const std::optional<QString>& model);

    ChatStore& m_store;
    Fanout& m_fanout;
    Generations& m_generations;
    const ModelRegistry& m_models;
};

} // namespace palaver::server
