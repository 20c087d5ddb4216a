#pragma once

#include "net/session.h"

#include <QHash>
#include <QMultiHash>
#include <QObject>
#include <QStringList>

class QTcpSocket;
class QTimer;
class QWebSocketServer;

namespace palaver::server {

class Hub;
class Session;

/// One network worker thread's state: peeks at each new connection's request head, answers
/// plain HTTP itself, hands WebSocket upgrades to its own non-listening QWebSocketServer and
/// keeps the resulting sessions. Lives in (and is only used from) its thread.
class Worker : public QObject
{
    Q_OBJECT
public:
    static constexpr int headTimeoutMs = 10000;

    Worker(Hub* hub, const SessionOptions& options, QObject* parent = nullptr);

    /// Takes over an accepted socket. Call in the worker's thread (queued).
    void takeSocket(qintptr descriptor);
    /// Closes every session with `code` and flushes what is queued for them.
    void closeAll(int code, const QString& reason);
    int sessionCount() const { return int(m_sessions.size()); }

public Q_SLOTS:
    void deliverToSession(quint64 sessionId, const QByteArray& frame);
    void deliverToUser(const QString& userId, const QByteArray& frame, quint64 exceptSessionId);
    /// One frame for several users (a conversation's members): decoded to text once.
    void deliverToUsers(
        const QStringList& userIds, const QByteArray& frame, quint64 exceptSessionId);
    void authenticateSession(quint64 sessionId, const QString& userId, const QString& userName);
    void countFailedLogin(quint64 sessionId);
    /// Closes the session with 4401: its token is no longer valid.
    void revokeSession(quint64 sessionId, const QString& reason);

private:
    void inspect(QTcpSocket* socket);
    void answerAndClose(QTcpSocket* socket, const QByteArray& response);
    void forgetPending(QTcpSocket* socket);
    void adoptWebSockets();
    void removeSession(quint64 sessionId);
    QWebSocketServer* webSocketServer();

    Hub* m_hub;
    SessionOptions m_options;
    QWebSocketServer* m_webSocketServer = nullptr;
    QHash<QTcpSocket*, QTimer*> m_pending; ///< sockets whose request head is still awaited
    QHash<quint64, Session*> m_sessions;
    QMultiHash<QString, Session*> m_sessionsByUser;
};

} // namespace palaver::server
