#pragma once

#include "protocol/messages.h"
#include "store/conversationstore.h"
#include "store/eventlog.h"
#include "store/leaveblocks.h"
#include "store/memberstore.h"

#include <QList>
#include <QString>
#include <optional>

namespace palaver::server {

class Database;

/// One generation as stored (`generations` table).
struct GenerationRecord
{
    QString genId;
    QString convId;
    QString msgId;
    QString model;
    protocol::MessageStatus status = protocol::MessageStatus::Streaming;
    QString text;
    qint64 deltaSeq = 0;
    qint64 endSeq = 0; ///< seq of its generation.end event, 0 while it runs
};

/// Where an already-stored client message landed (for deduplication).
struct ClientMessageRef
{
    QString convId;
    QString msgId;
    qint64 seq = 0;
};

/// Conversations, their members, messages and generations. Every write that stores an event runs
/// in one transaction with the conversation's seq counter (see EventLog).
class ChatStore
{
public:
    explicit ChatStore(Database& database);

    /// A page of the conversations `userId` is a member of, in id order after `afterConvId`, as
    /// that user sees them (see ConversationStore::page).
    ConversationPage conversationPage(const QString& userId, const QString& afterConvId, int limit)
    {
        return m_conversations.page(userId, afterConvId, limit);
    }
    /// Every conversation of `userId`, in id order, read page by page (tests and tools; clients
    /// get pages).
    QList<protocol::Conversation> conversations(const QString& userId);
    /// One conversation as `userId` sees it; nothing when it does not exist or they are not in it.
    std::optional<protocol::Conversation> conversation(const QString& convId, const QString& userId)
    {
        return m_conversations.conversation(convId, userId);
    }
    /// The conversation's own fields (no one's role, marker or unread count, no members).
    std::optional<protocol::Conversation> conversationById(const QString& convId)
    {
        return m_conversations.conversationById(convId);
    }
    /// A private AI chat owned by `ownerId`.
    std::optional<protocol::Conversation> createConversation(const QString& ownerId,
        const QString& title, const QString& model, const QString& systemPrompt);
    std::optional<protocol::Conversation> createConversation(const NewConversation& spec)
    {
        return m_conversations.create(spec);
    }
    bool updateConversation(protocol::Conversation& conv) { return m_conversations.update(conv); }
    bool deleteConversation(const QString& convId) { return m_conversations.remove(convId); }
    /// `userId` leaves; the last one out deletes the conversation. With `block.untilMs` set, the
    /// leave is remembered (LeaveBlocks).
    std::optional<LeaveOutcome> leaveConversation(
        const QString& convId, const QString& userId, const LeaveBlockTimes& block = {})
    {
        return m_conversations.leave(convId, userId, block);
    }
    MemberStore& members() { return m_members; }
    LeaveBlocks& leaveBlocks() { return m_leaveBlocks; }

    /// The newest `limit` events before `beforeSeq` (all when unset), returned in seq order.
    EventPage history(const QString& convId, std::optional<qint64> beforeSeq, int limit);
    /// The oldest `limit` events after `afterSeq`, in seq order.
    EventPage eventsAfter(const QString& convId, qint64 afterSeq, int limit);

    std::optional<ClientMessageRef> findClientMessage(
        const QString& userId, const QString& clientMsgId);
    std::optional<protocol::MessageEvent> addUserMessage(const QString& convId,
        const protocol::Author& author, const QString& clientMsgId, const QString& text);
    /// Stores the assistant's message (status streaming) and the generation.start event.
    std::optional<protocol::GenerationStart> startGeneration(
        const QString& convId, const protocol::Author& assistant, const QString& model);
    bool savePartial(const QString& genId, const QString& text, qint64 deltaSeq);
    /// Stores the final text and status and the generation.end event.
    std::optional<protocol::GenerationEnd> endGeneration(const QString& genId,
        protocol::FinishReason finish, const QString& text, qint64 deltaSeq,
        const std::optional<protocol::Usage>& usage,
        const std::optional<protocol::ErrorInfo>& error);

    std::optional<GenerationRecord> generation(const QString& genId);
    /// The stored generation.end of an ended generation.
    std::optional<protocol::GenerationEnd> endEvent(const GenerationRecord& record);
    /// Generations still marked streaming (after a crash, or those running now).
    QList<GenerationRecord> unfinishedGenerations();
    /// The newest `limit` finished messages of a conversation (with their authors' kind and
    /// name), returned in seq order, to build a prompt from; with `throughMsgId`, the newest up to
    /// and including that message (a continue or retry of an older reply). Read with a LIMIT: a
    /// long conversation is never read whole.
    QList<protocol::ChatMessage> promptMessages(
        const QString& convId, int limit, const QString& throughMsgId = QString());

    QString errorString() const;

private:
    Database& m_db;
    EventLog m_events;
    MemberStore m_members;
    LeaveBlocks m_leaveBlocks;
    ConversationStore m_conversations;
};

} // namespace palaver::server
