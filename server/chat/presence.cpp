#include "chat/presence.h"

#include "chat/membership.h"
#include "log/categories.h"
#include "store/memberstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

Presence::Presence(MemberStore& members, Membership& membership, Fanout& fanout)
    : m_members(members)
    , m_membership(membership)
    , m_fanout(fanout)
    , m_audience(members, membership)
{
    m_membership.setChangeListener(
        [this](const QString& convId) { m_audience.conversationChanged(convId); });
}

Presence::~Presence()
{
    m_membership.setChangeListener({});
}

void Presence::sessionSignedIn(quint64 sessionId, const QString& userId, const QString& userName)
{
    // A connection that signs in again (as someone else) leaves its first user first.
    if (const QString previous = m_userOfSession.value(sessionId); !previous.isEmpty()) {
        if (previous == userId) {
            m_users[userId].awayBySession.insert(sessionId, false);
            publish(userId);
            return;
        }
        sessionEnded(sessionId);
    }
    m_userOfSession.insert(sessionId, userId);
    m_audience.track(userId); // before the first publish, which needs the co-members
    User& user = m_users[userId];
    user.name = userName;
    user.awayBySession.insert(sessionId, false);
    publish(userId);
}

void Presence::sessionEnded(quint64 sessionId)
{
    const QString userId = m_userOfSession.take(sessionId);
    if (userId.isEmpty())
        return;
    m_users[userId].awayBySession.remove(sessionId);
    publish(userId);
}

void Presence::set(const SessionRef& session, const PresenceSet& request)
{
    if (request.state == PresenceState::Offline) {
        m_fanout.fail(session.sessionId, request.id, ErrorCode::BadRequest,
            u"presence.set takes \"online\" or \"away\"; a connection is offline when it closes"_s);
        return;
    }
    // A session the hub has not seen sign in (it cannot happen; the hub checks) changes nothing.
    if (m_userOfSession.value(session.sessionId) == session.userId) {
        m_users[session.userId].awayBySession.insert(
            session.sessionId, request.state == PresenceState::Away);
        publish(session.userId);
    }
    if (!request.id.isEmpty())
        m_fanout.reply(session.sessionId, Ok { request.id });
}

PresenceState Presence::stateOf(const User& user)
{
    if (user.awayBySession.isEmpty())
        return PresenceState::Offline;
    for (const bool away : user.awayBySession) {
        if (!away)
            return PresenceState::Online;
    }
    return PresenceState::Away;
}

PresenceState Presence::state(const QString& userId) const
{
    const auto it = m_users.constFind(userId);
    return it == m_users.cend() ? PresenceState::Offline : stateOf(it.value());
}

void Presence::apply(QList<Member>& members) const
{
    for (Member& member : members) {
        member.presence = state(member.id);
        if (member.presence != PresenceState::Offline)
            member.lastSeen = QDateTime();
        else if (const auto unsaved = m_unsavedLastSeen.constFind(member.id);
                 unsaved != m_unsavedLastSeen.cend())
            member.lastSeen = unsaved.value(); // newer than what the store read holds
    }
}

void Presence::publish(const QString& userId)
{
    const auto it = m_users.find(userId);
    if (it == m_users.end())
        return;
    const PresenceState now = stateOf(it.value());
    if (now == it->published)
        return;
    PresenceEvent event { UserInfo { userId, it->name }, now, QDateTime() };
    const QStringList coMembers = m_audience.coMembers(userId);
    if (now == PresenceState::Offline) {
        event.lastSeen = QDateTime::currentDateTimeUtc();
        m_unsavedLastSeen.insert(userId, event.lastSeen); // stored with the hub's next commit
        m_users.erase(it);
        m_audience.untrack(userId);
    } else {
        it->published = now;
    }
    m_fanout.toUsers(coMembers, event);
}

void Presence::saveLastSeen()
{
    for (auto it = m_unsavedLastSeen.cbegin(); it != m_unsavedLastSeen.cend(); ++it) {
        if (!m_members.setLastSeen(it.key(), it.value()))
            qCCritical(lcStore, "could not store when a user was last seen");
    }
    m_unsavedLastSeen.clear();
}

void Presence::recordAllOffline()
{
    saveLastSeen();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto it = m_users.cbegin(); it != m_users.cend(); ++it)
        m_members.setLastSeen(it.key(), now);
}

} // namespace palaver::server
