#include "chat/presenceaudience.h"

#include "chat/membership.h"
#include "store/memberstore.h"

namespace palaver::server {

using namespace palaver::protocol;

PresenceAudience::PresenceAudience(MemberStore& store, Membership& membership)
    : m_store(store)
    , m_membership(membership)
{ }

void PresenceAudience::track(const QString& userId)
{
    if (isTracked(userId))
        return;
    const QStringList conversations = m_store.sharedConversationsOf(userId);
    for (const QString& convId : conversations)
        m_trackedIn[convId].insert(userId);
    m_conversationsOf.insert(userId, conversations);
}

void PresenceAudience::untrack(const QString& userId)
{
    const auto it = m_conversationsOf.constFind(userId);
    if (it == m_conversationsOf.cend())
        return;
    for (const QString& convId : it.value()) {
        const auto members = m_trackedIn.find(convId);
        if (members == m_trackedIn.end())
            continue;
        members->remove(userId);
        if (members->isEmpty())
            m_trackedIn.erase(members);
    }
    m_conversationsOf.erase(it);
}

QStringList PresenceAudience::coMembers(const QString& userId)
{
    const QStringList conversations = m_conversationsOf.value(userId);
    if (conversations.size() == 1) // the common case needs no de-duplication
        return m_membership.others(conversations.first(), userId);
    QStringList result;
    QSet<QString> seen { userId };
    for (const QString& convId : conversations) {
        const Membership::Entry* entry = m_membership.find(convId);
        if (!entry)
            continue;
        for (const QString& member : entry->userIds) {
            if (!seen.contains(member)) {
                seen.insert(member);
                result.append(member);
            }
        }
    }
    return result;
}

void PresenceAudience::conversationChanged(const QString& convId)
{
    // Who among the tracked users is in it now (nobody when it is gone or an AI chat)...
    QSet<QString> now;
    if (const Membership::Entry* entry = m_membership.find(convId);
        entry && entry->kind != ConversationKind::Ai) {
        for (const QString& member : entry->userIds) {
            if (isTracked(member))
                now.insert(member);
        }
    }
    // ...against who was: the difference changes those users' lists.
    const QSet<QString> before = m_trackedIn.take(convId);
    for (const QString& userId : before) {
        if (!now.contains(userId))
            m_conversationsOf[userId].removeOne(convId);
    }
    for (const QString& userId : std::as_const(now)) {
        if (!before.contains(userId))
            m_conversationsOf[userId].append(convId);
    }
    if (!now.isEmpty())
        m_trackedIn.insert(convId, now);
}

} // namespace palaver::server
