#include "chat/fanout.h"

#include "protocol/codec.h"

namespace palaver::server {

void Fanout::reply(quint64 sessionId, const protocol::ServerMessage& message)
{
    Q_EMIT frameForSession(sessionId, protocol::encode(message));
}

void Fanout::signedIn(quint64 sessionId, const QString& userId, const QString& userName)
{
    sessionClosed(sessionId); // a connection signing in again leaves its first user
    m_userOfSession.insert(sessionId, userId);
    ++m_onlineSessions[userId];
    Q_EMIT sessionAuthenticated(sessionId, userId, userName);
}

void Fanout::sessionClosed(quint64 sessionId)
{
    const auto session = m_userOfSession.constFind(sessionId);
    if (session == m_userOfSession.cend())
        return;
    const auto count = m_onlineSessions.find(session.value());
    if (count != m_onlineSessions.end() && --count.value() <= 0)
        m_onlineSessions.erase(count);
    m_userOfSession.erase(session);
}

void Fanout::toUser(
    const QString& userId, const protocol::ServerMessage& message, quint64 exceptSessionId)
{
    if (!isOnline(userId))
        return;
    Q_EMIT frameForUser(userId, protocol::encode(message), exceptSessionId);
}

void Fanout::toUsers(
    const QStringList& userIds, const protocol::ServerMessage& message, quint64 exceptSessionId)
{
    // Most calls have everyone online (a small room) or few online (a big one): the list is
    // copied only when someone is left out.
    QStringList online = userIds;
    for (qsizetype i = 0; i < userIds.size(); ++i) {
        if (isOnline(userIds.at(i)))
            continue;
        online = userIds.first(i);
        for (++i; i < userIds.size(); ++i) {
            if (isOnline(userIds.at(i)))
                online.append(userIds.at(i));
        }
    }
    if (online.isEmpty())
        return;
    if (online.size() == 1)
        return toUser(online.first(), message, exceptSessionId);
    Q_EMIT frameForUsers(online, protocol::encode(message), exceptSessionId);
}

void Fanout::toEveryone(const protocol::ServerMessage& message)
{
    Q_EMIT frameForEveryone(protocol::encode(message));
}

void Fanout::fail(
    quint64 sessionId, const QString& requestId, protocol::ErrorCode code, const QString& text)
{
    reply(sessionId, protocol::Error { requestId, code, text, std::nullopt });
}

} // namespace palaver::server
