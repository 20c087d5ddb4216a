#include "chat/membership.h"

#include "store/memberstore.h"

namespace palaver::server {

using namespace palaver::protocol;

Membership::Membership(MemberStore& store)
    : m_store(store)
{ }

const Membership::Entry* Membership::find(const QString& convId)
{
    if (const auto it = m_entries.constFind(convId); it != m_entries.cend())
        return &it.value();
    // Unknown ids are not cached: anyone could fill the cache with made-up ones.
    const std::optional<Roster> roster = m_store.roster(convId);
    if (!roster)
        return nullptr;
    Entry entry;
    entry.kind = roster->kind;
    for (const Member& member : roster->members) {
        entry.userIds.append(member.id);
        entry.roles.insert(member.id, member.role);
    }
    return &m_entries.insert(convId, entry).value();
}

void Membership::forget(const QString& convId)
{
    m_entries.remove(convId);
    if (m_changed)
        m_changed(convId);
}

std::optional<MemberRole> Membership::role(const QString& convId, const QString& userId)
{
    const Entry* entry = find(convId);
    if (!entry)
        return std::nullopt;
    const auto it = entry->roles.constFind(userId);
    if (it == entry->roles.cend())
        return std::nullopt;
    return it.value();
}

QStringList Membership::userIds(const QString& convId)
{
    const Entry* entry = find(convId);
    return entry ? entry->userIds : QStringList();
}

QStringList Membership::others(const QString& convId, const QString& userId)
{
    // Ids are unique in a conversation: the scan stops at the one to leave out (the whole list
    // when it is not there), where removeAll() compared every id (a presence change in a
    // 1000-member room compared them all).
    QStringList result = userIds(convId);
    if (const qsizetype at = result.indexOf(userId); at >= 0)
        result.removeAt(at);
    return result;
}

} // namespace palaver::server
