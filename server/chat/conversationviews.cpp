#include "chat/conversationviews.h"

#include "chat/presence.h"
#include "store/chatstore.h"

#include <algorithm>

namespace palaver::server {

using namespace palaver::protocol;

ConversationViews::ConversationViews(ChatStore& store, const Presence& presence, Fanout& fanout)
    : m_store(store)
    , m_presence(presence)
    , m_fanout(fanout)
{ }

ConversationsReply ConversationViews::listFor(
    const QString& userId, const QString& cursor, int limit)
{
    // The cursor is the last convId of the page before: any string orders among the ids, so one
    // the server never gave out just starts the page after it (possibly an empty one).
    ConversationPage page = m_store.conversationPage(userId, cursor, limit);
    // Rooms carry their member lists: a page of large rooms ends early, so one frame stays near
    // a megabyte whatever the rooms hold (the first item always goes, to make progress).
    qsizetype members = 0;
    for (qsizetype i = 0; i < page.items.size(); ++i) {
        members += page.items.at(i).members.size();
        if (i > 0 && members > maxMembersPerPage) {
            page.items.resize(i);
            page.hasMore = true;
            break;
        }
    }
    for (Conversation& conv : page.items)
        m_presence.apply(conv.members);
    ConversationsReply reply;
    reply.hasMore = page.hasMore && !page.items.isEmpty();
    if (reply.hasMore)
        reply.nextCursor = page.items.constLast().convId;
    reply.items = std::move(page.items);
    return reply;
}

std::optional<Conversation> ConversationViews::viewFor(const QString& convId, const QString& userId)
{
    std::optional<Conversation> conv = m_store.conversation(convId, userId);
    if (conv)
        m_presence.apply(conv->members);
    return conv;
}

void ConversationViews::push(
    const QString& convId, const QStringList& userIds, quint64 exceptSessionId)
{
    // Nobody online to show it to (a room whose members are all away from the server): nothing
    // is read or built.
    if (std::none_of(userIds.cbegin(), userIds.cend(),
            [this](const QString& userId) { return m_fanout.isOnline(userId); }))
        return;
    // The shared part is read once; only each member's unread count is their own query.
    std::optional<Conversation> shared = m_store.conversationById(convId);
    const std::optional<Roster> roster = m_store.members().roster(convId);
    if (!shared || !roster)
        return;
    QList<Member> members = roster->members;
    m_presence.apply(members);
    if (shared->kind != ConversationKind::Ai)
        shared->members = members;
    for (const QString& userId : userIds) {
        const auto seat = std::find_if(members.cbegin(), members.cend(),
            [&userId](const Member& m) { return m.id == userId; });
        if (seat == members.cend() || !m_fanout.isOnline(userId))
            continue;
        Conversation view = *shared;
        view.role = seat->role;
        view.lastReadSeq = seat->lastReadSeq;
        view.unread = m_store.members().unread(convId, userId, seat->lastReadSeq);
        m_fanout.toUser(userId, ConversationReply { QString(), view }, exceptSessionId);
    }
}

} // namespace palaver::server
