#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QStringList>

namespace palaver::server {

/// Who sent a request: the session it came from and, once authenticated, its user.
struct SessionRef
{
    quint64 sessionId = 0;
    QString userId; ///< empty before login/auth
    QString userName;
    /// The client's address (the TCP peer, or the client a trusted proxy names): sign-in
    /// throttling and the failed sign-in log use it.
    QHostAddress address;
};

/// The hub's way out to the network workers. Frames are encoded once here and posted (queued)
/// to each worker, which hands them to its own sessions; a worker never touches the hub's state.
///
/// It also counts each user's signed-in connections (hub thread only), so a frame for users who
/// have none is neither encoded nor looked up in every worker: most members of a big room are
/// offline at any moment.
class Fanout : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// A sign-in succeeded: `sessionId` counts as an online connection of `userId` (replacing the
    /// user it had, if any) until sessionClosed(), and the workers route it (sessionAuthenticated)
    /// before any frame sent after this call.
    void signedIn(quint64 sessionId, const QString& userId, const QString& userName);
    /// The connection is gone (also one that never signed in): its user loses a connection.
    void sessionClosed(quint64 sessionId);
    /// Whether `userId` has a signed-in connection: frames for users without one are dropped.
    bool isOnline(const QString& userId) const { return m_onlineSessions.contains(userId); }
    /// Signed-in connections counted, all users together (tests, metrics).
    qsizetype onlineSessionCount() const { return m_userOfSession.size(); }

    void reply(quint64 sessionId, const protocol::ServerMessage& message);
    /// To every connection of `userId`, except `exceptSessionId` when non-zero (nothing when the
    /// user is offline).
    void toUser(
        const QString& userId, const protocol::ServerMessage& message, quint64 exceptSessionId = 0);
    /// To every connection of every user in `userIds`, except `exceptSessionId` when non-zero:
    /// encoded once and emitted once with the online users only (nothing when none is), each
    /// worker picks out its own sessions of those users.
    void toUsers(const QStringList& userIds, const protocol::ServerMessage& message,
        quint64 exceptSessionId = 0);
    /// An `error` answer to a request.
    void fail(
        quint64 sessionId, const QString& requestId, protocol::ErrorCode code, const QString& text);

    /// To every signed-in connection (an operator's announcement).
    void toEveryone(const protocol::ServerMessage& message);

private:
    /// Each signed-in connection's user, and each online user's number of connections (> 0).
    QHash<quint64, QString> m_userOfSession;
    QHash<QString, int> m_onlineSessions;

Q_SIGNALS:
    void frameForEveryone(const QByteArray& frame);
    void frameForSession(quint64 sessionId, const QByteArray& frame);
    void frameForUser(const QString& userId, const QByteArray& frame, quint64 exceptSessionId);
    void frameForUsers(
        const QStringList& userIds, const QByteArray& frame, quint64 exceptSessionId);
    /// Emitted before the welcome frame, so the worker routes the user's frames to it.
    void sessionAuthenticated(quint64 sessionId, const QString& userId, const QString& userName);
    /// After the error answer of a failed login; the session counts them.
    void loginFailed(quint64 sessionId);
    /// A login, auth or register request is answered (whatever the answer): the connection may
    /// send the next one.
    void signInSettled(quint64 sessionId);
    /// The session's token is no longer valid (revoked, expired, account disabled or removed):
    /// its worker closes it with 4401.
    void sessionRevoked(quint64 sessionId, const QString& reason);
};

} // namespace palaver::server
