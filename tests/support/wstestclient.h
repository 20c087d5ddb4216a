#pragma once

#include "protocol/codec.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QTest>
#include <QUrl>
#include <QWebSocket>
#include <optional>

namespace palaver::testing {

/// A WebSocket client for tests: sends typed client messages and queues every server message it
/// receives, decoded, so a test can wait for the next one of a given type.
class WsTestClient : public QObject
{
    Q_OBJECT
public:
    explicit WsTestClient(QObject* parent = nullptr);

    /// Connects and waits for the handshake; offers `subprotocols` (none when empty).
    bool open(const QUrl& url, const QStringList& subprotocols = { QStringLiteral("palaver.v1") },
        int timeoutMs = 5000);
    void close();

    void send(const protocol::ClientMessage& message);
    void sendText(const QString& text);
    void sendBinary(const QByteArray& data);

    /// Removes and returns the first queued message of type T, waiting up to `timeoutMs` for one
    /// to arrive. Messages of other types stay queued, in order.
    template<class T> std::optional<T> waitFor(int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (true) {
            for (qsizetype i = 0; i < m_queue.size(); ++i) {
                if (const T* found = std::get_if<T>(&m_queue.at(i))) {
                    T result = *found;
                    m_queue.removeAt(i);
                    return result;
                }
            }
            if (deadline.hasExpired())
                return std::nullopt;
            QTest::qWait(qMin<qint64>(10, qMax<qint64>(1, deadline.remainingTime())));
        }
    }

    /// Logs in and waits for `welcome` (nothing when an error came instead).
    std::optional<protocol::Welcome> login(const QString& username, const QString& password);

    /// Creates a conversation titled `title` and waits for it (nothing when none came).
    std::optional<protocol::Conversation> createConversation(const QString& title);

    /// Waits until the server closes the connection; true when it did.
    bool waitForDisconnected(int timeoutMs = 5000);
    int closeCode() const { return m_socket.closeCode(); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QList<protocol::ServerMessage>& queue() { return m_queue; }
    /// Frames that did not decode as server messages (a server bug).
    const QList<QByteArray>& undecodable() const { return m_undecodable; }
    QWebSocket& socket() { return m_socket; }

private:
    QWebSocket m_socket;
    QList<protocol::ServerMessage> m_queue;
    QList<QByteArray> m_undecodable;
    int m_nextId = 0;
};

} // namespace palaver::testing
