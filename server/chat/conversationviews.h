#pragma once

#include "chat/fanout.h"
#include "protocol/messages.h"

#include <QStringList>
#include <optional>

namespace palaver::server {

class ChatStore;
class Presence;

/// Conversation objects as each member sees them: their own role, read marker and unread count,
/// and the members of a room or DM with their presence right now. Also sends them: a change to a
/// conversation reaches every member as their own `conversation` push.
class ConversationViews
{
public:
    ConversationViews(ChatStore& store, const Presence& presence, Fanout& fanout);

    /// Members listed in one page of `conversations.list` at most (about 150 bytes each): a page
    /// of big rooms holds fewer rooms.
    static constexpr qsizetype maxMembersPerPage = 5000;

    /// A page of the conversations `userId` is in: up to `limit` after `cursor` (empty: the
    /// first page), in convId order, with `nextCursor` when more follow.
    protocol::ConversationsReply listFor(const QString& userId, const QString& cursor, int limit);
    /// The conversation as `userId` sees it; nothing when they are not in it.
    std::optional<protocol::Conversation> viewFor(const QString& convId, const QString& userId);
    /// Sends each of `userIds` who is a member their own view (a `conversation` without id), to
    /// all their connections except `exceptSessionId`; offline members get nothing (they read
    /// the conversation anew when they sign in), and no view is built for them.
    void push(const QString& convId, const QStringList& userIds, quint64 exceptSessionId = 0);

private:
    ChatStore& m_store;
    const Presence& m_presence;
    Fanout& m_fanout;
};

} // namespace palaver::server
