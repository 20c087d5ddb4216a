#include "chat/fanout.h"

#include "protocol/codec.h"

namespace palaver::server {

void Fanout::reply(quint64 sessionId, const protocol::ServerMessage& message)
{
    Q_EMIT frameForSession(sessionId, protocol::encode(message));
}

void Fanout::toUser(
    const QString& userId, const protocol::ServerMessage& message, quint64 exceptSessionId)
{
    Q_EMIT frameForUser(userId, protocol::encode(message), exceptSessionId);
}

void Fanout::toUsers(
    const QStringList& userIds, const protocol::ServerMessage& message, quint64 exceptSessionId)
{
    if (userIds.isEmpty())
        return;
    if (userIds.size() == 1)
        return toUser(userIds.first(), message, exceptSessionId);
    Q_EMIT frameForUsers(userIds, protocol::encode(message), exceptSessionId);
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
