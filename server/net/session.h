#pragma once

#include "protocol/limits.h"

#include <QObject>
#include <QString>
#include <QTimer>

class QWebSocket;

namespace palaver::server {

class Hub;

/// Per-connection rules every session of a server shares.
struct SessionOptions
{
    protocol::Limits limits;
    /// Unsent bytes a connection may have queued before it counts as a stalled reader.
    qint64 maxQueuedBytes = 16 * 1024 * 1024;
    /// How often an idle connection is pinged; one that stays silent for two intervals is dropped
    /// (a half-open socket would otherwise hold its session forever). 0 disables.
    int pingIntervalMs = 30000;
};

/// One WebSocket connection on a worker thread: enforces the transport rules (size, binary,
/// UTF-8), decodes frames, gates everything but login/auth/ping behind authentication, answers
/// ping itself and passes the rest to the hub. A peer that stops reading while frames pile up
/// beyond maxQueuedBytes is dropped.
class Session : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxFailedLogins = 5;

    Session(quint64 id, QWebSocket* socket, Hub* hub, const SessionOptions& options,
        QObject* parent = nullptr);

    quint64 id() const { return m_id; }
    QString userId() const { return m_userId; }

    void send(const QByteArray& frame);
    /// The same frame already as text (fan-out converts once for all sessions).
    void sendText(const QString& frame);
    void authenticate(const QString& userId, const QString& userName);
    /// Counts a failed login; too many on one connection close it with 1008.
    void noteFailedLogin();
    void close(int code, const QString& reason);

Q_SIGNALS:
    /// The connection is gone; the worker forgets the session and deletes it.
    void finished(quint64 id);

private:
    void onText(const QString& text);
    void onBinary(const QByteArray& data);
    void checkAlive();

    quint64 m_id;
    QWebSocket* m_socket;
    Hub* m_hub;
    protocol::Limits m_limits;
    qint64 m_maxQueuedBytes;
    QTimer m_pingTimer;
    bool m_heardFrom = true; ///< since the last ping
    qint64 m_queuedBytes = 0; ///< sent to the socket, not yet written to the network
    QString m_userId;
    QString m_userName;
    int m_failedLogins = 0;
    bool m_closing = false;
};

} // namespace palaver::server
