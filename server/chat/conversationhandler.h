#pragma once

#include "chat/chatservices.h"
#include "chat/fanout.h"
#include "chat/roomrules.h"
#include "protocol/messages.h"

#include <QStringList>

namespace palaver::server {

/// The conversation requests of an authenticated user: list, create (a private AI chat, a room or
/// a DM), update, delete, history, sync and message.send. Who may do what is Access's decision:
/// a user only ever reaches the conversations they are a member of (anything else is
/// `not_found`), and only a room's owner changes or deletes it. Who may be put into a new
/// conversation is RoomRules'. Membership changes are MemberHandler's.
class ConversationHandler
{
public:
    /// How many events one `sync` answer carries at most (hasMore tells the client to ask again).
    static constexpr int syncPageSize = 500;

    explicit ConversationHandler(const ChatServices& services);

    void list(const SessionRef& session, const protocol::ConversationsList& request);
    void create(const SessionRef& session, const protocol::ConversationCreate& request);
    void update(const SessionRef& session, const protocol::ConversationUpdate& request);
    void remove(const SessionRef& session, const protocol::ConversationDelete& request);
    void history(const SessionRef& session, const protocol::HistoryRequest& request);
    void sync(const SessionRef& session, const protocol::SyncRequest& request);
    /// Stores and fans out the message; in a room or a DM the assistant answers only when asked
    /// (`assistant: true` or an `@assistant` mention), in a private AI chat always.
    void send(const SessionRef& session, const protocol::MessageSend& request);

private:
    void storeFailed(const SessionRef& session, const QString& requestId);
    /// False after answering `bad_request` when `model` is set and names no offered model.
    bool knownModel(
        const SessionRef& session, const QString& requestId, const std::optional<QString>& model);
    /// The people `usernames` name (the caller and repeats left out), or nothing after answering
    /// `not_found` for the first unknown or disabled one.
    std::optional<QList<RoomRules::Person>> resolveUsers(
        const SessionRef& session, const QString& requestId, const QStringList& usernames);
    /// False after answering with RoomRules' refusal of the new conversation.
    bool mayCreate(const SessionRef& session, const QString& requestId,
        protocol::ConversationKind kind, const QList<RoomRules::Person>& others);
    /// Answers the caller with the new conversation and tells every member's connections.
    void announceCreated(
        const SessionRef& session, const QString& requestId, const QString& convId);

    ChatServices m_services;
};

} // namespace palaver::server
