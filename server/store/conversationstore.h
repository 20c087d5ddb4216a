#pragma once

#include "protocol/messages.h"
#include "store/leaveblocks.h"
#include "store/memberstore.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace palaver::server {

class Database;

/// A conversation to create: its kind, its creator and the other people in it.
struct NewConversation
{
    protocol::ConversationKind kind = protocol::ConversationKind::Ai;
    QString creatorId;
    /// The creator's role: owner of an `ai` chat or a room, a plain member of a DM.
    protocol::MemberRole creatorRole = protocol::MemberRole::Owner;
    QStringList memberIds; ///< the others, who join as members
    QString title;
    QString model;
    QString systemPrompt;
};

/// One page of a user's conversations, in convId order.
struct ConversationPage
{
    QList<protocol::Conversation> items;
    bool hasMore = false; ///< more follow after the last item's convId
};

/// How a leave is remembered (see LeaveBlocks): until when, and the time now. `untilMs` 0: it is
/// not.
struct LeaveBlockTimes
{
    qint64 untilMs = 0;
    qint64 nowMs = 0;
};

/// The `conversations` rows, as each member sees them: their role, read marker and unread count,
/// and for rooms and DMs the members (presence left offline: the store does not know who is
/// connected). Creating, leaving and deleting keep the `members` rows in the same transaction.
class ConversationStore
{
public:
    ConversationStore(Database& database, MemberStore& members, LeaveBlocks& leaveBlocks);

    /// Up to `limit` (at least 1) of the conversations `userId` is a member of whose id comes
    /// after `afterConvId` (empty: from the start), in id order: a stable order, so paging along
    /// it meets every conversation that exists throughout exactly once.
    ConversationPage page(const QString& userId, const QString& afterConvId, int limit);
    /// One conversation as `userId` sees it; nothing when it does not exist or they are not in it.
    std::optional<protocol::Conversation> conversation(
        const QString& convId, const QString& userId);
    /// The conversation's own fields (no one's role, marker or unread count, no members).
    std::optional<protocol::Conversation> conversationById(const QString& convId);
    /// The conversation and its members (the others added by the creator); as the creator sees
    /// it.
    std::optional<protocol::Conversation> create(const NewConversation& spec);
    /// The rows of create() without a transaction of their own (and without the members in the
    /// result), for a caller that writes more in the same transaction: call inside one.
    std::optional<protocol::Conversation> insertRows(const NewConversation& spec);
    /// Saves title, model and system prompt, and bumps updatedAt (written back into `conv`).
    bool update(protocol::Conversation& conv);
    /// Deletes the conversation with its members, events, messages and generations.
    bool remove(const QString& convId);
    /// `userId` leaves (see MemberStore::leave); the last one out deletes the conversation. With
    /// `block.untilMs` set, the leave is remembered against the conversation and whoever had
    /// added them, in the same transaction.
    std::optional<LeaveOutcome> leave(
        const QString& convId, const QString& userId, const LeaveBlockTimes& block = {});

private:
    /// Deletes the conversation's rows; call inside a transaction.
    bool deleteRows(const QString& convId);
    /// Fills unread count and members of `conv` for `userId`.
    void fillFor(protocol::Conversation& conv, const QString& userId);

    Database& m_db;
    MemberStore& m_members;
    LeaveBlocks& m_leaveBlocks;
};

} // namespace palaver::server
