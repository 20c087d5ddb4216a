#include "chat/roomrules.h"

#include "chat/membership.h"
#include "store/chatstore.h"

#include <QDateTime>
#include <QTimeZone>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {

constexpr qint64 msPerHour = 3600 * 1000;

RoomRules::Refusal quota(const QString& message)
{
    return RoomRules::Refusal { ErrorCode::QuotaExceeded, message };
}

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(u"yyyy-MM-dd HH:mm 'UTC'"_s);
}

} // namespace

RoomRules::RoomRules(const RoomLimits& limits, ChatStore& store, Membership& membership)
    : m_limits(limits)
    , m_store(store)
    , m_membership(membership)
{ }

qint64 RoomRules::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

LeaveBlockTimes RoomRules::leaveBlock() const
{
    if (m_limits.leaveBlockHours <= 0)
        return {};
    const qint64 at = now();
    return LeaveBlockTimes { at + qint64(m_limits.leaveBlockHours) * msPerHour, at };
}

std::optional<RoomRules::Refusal> RoomRules::refuseCreate(
    const QString& creatorId, ConversationKind kind, const QList<Person>& others)
{
    const MemberCounts mine = m_store.members().counts(creatorId);
    if (kind == ConversationKind::Ai) {
        if (mine.aiChats >= m_limits.maxAiChatsPerUser) {
            return quota(u"You have %1 private AI chats, the most this server allows; delete one "
                         "to start another"_s.arg(mine.aiChats));
        }
        return std::nullopt;
    }
    if (kind == ConversationKind::Room && mine.ownedRooms >= m_limits.maxOwnedRooms) {
        return quota(u"You own %1 rooms, the most this server allows; delete or leave one to "
                     "create another"_s.arg(mine.ownedRooms));
    }
    if (mine.roomsAndDms() >= m_limits.maxRoomsPerUser) {
        return quota(u"You are in %1 rooms and direct messages, the most this server allows; "
                     "leave one to start another"_s.arg(mine.roomsAndDms()));
    }
    if (kind == ConversationKind::Room && others.size() + 1 > m_limits.maxMembersPerRoom) {
        return quota(u"A room can have at most %1 members on this server, you included"_s.arg(
            m_limits.maxMembersPerRoom));
    }
    for (const Person& other : others) {
        if (auto refusal = refuseLeaver(creatorId, QString(), other))
            return refusal;
    }
    return refuseFull(others);
}

std::optional<RoomRules::Refusal> RoomRules::refuseInvite(
    const QString& inviterId, const QString& convId, const Person& user)
{
    if (auto refusal = refuseLeaver(inviterId, convId, user))
        return refusal;
    if (const qsizetype size = m_membership.userIds(convId).size();
        size >= m_limits.maxMembersPerRoom) {
        return quota(
            u"This room has %1 members, the most this server allows in a room"_s.arg(size));
    }
    return refuseFull({ user });
}

std::optional<RoomRules::Refusal> RoomRules::refuseLeaver(
    const QString& adderId, const QString& convId, const Person& user)
{
    const std::optional<LeaveBlock> block
        = m_store.leaveBlocks().find(user.id, convId, adderId, now());
    if (!block)
        return std::nullopt;
    if (block->inviterId == adderId) {
        return Refusal { ErrorCode::Forbidden,
            u"%1 left a conversation you had added them to; you cannot add them to one again "
            "until %2"_s.arg(user.name, when(block->untilMs)) };
    }
    return Refusal { ErrorCode::Forbidden,
        u"%1 left this room; nobody can add them back to it until %2"_s.arg(
            user.name, when(block->untilMs)) };
}

std::optional<RoomRules::Refusal> RoomRules::refuseFull(const QList<Person>& people)
{
    QStringList ids;
    for (const Person& person : people)
        ids.append(person.id);
    // One query for everyone named; the message says no more than that this person is full.
    const QHash<QString, int> counts = m_store.members().roomAndDmCounts(ids);
    for (const Person& person : people) {
        if (counts.value(person.id) >= m_limits.maxRoomsPerUser) {
            return quota(u"%1 cannot be added to more rooms or direct messages"_s.arg(person.name));
        }
    }
    return std::nullopt;
}

} // namespace palaver::server
