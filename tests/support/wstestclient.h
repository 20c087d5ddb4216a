#pragma once

#include "protocol/codec.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QTest>
#include <QUrl>
#include <QWebSocket>
#include <memory>
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

    /// Removes and returns every queued message of type T (after a roundTrip() this is everything
    /// the server sent of that type so far).
    template<class T> QList<T> takeAll()
    {
        QList<T> taken;
        for (qsizetype i = 0; i < m_queue.size();) {
            if (const T* found = std::get_if<T>(&m_queue.at(i))) {
                taken.append(*found);
                m_queue.removeAt(i);
            } else {
                ++i;
            }
        }
        return taken;
    }

    /// Removes and returns the first queued message that answers request `id` (any type with that
    /// `id`: the answer or an `error`), waiting up to `timeoutMs` for it.
    std::optional<protocol::ServerMessage> waitForAnswer(const QString& id, int timeoutMs = 5000);
    /// Sends `request` (which must carry an id) and waits for its answer.
    std::optional<protocol::ServerMessage> request(
        const protocol::ClientMessage& request, int timeoutMs = 5000);
    /// Sends `request` and returns its answer when it is a T; otherwise warns with what came
    /// instead (for the test log) and returns nothing.
    template<class T> std::optional<T> expect(const protocol::ClientMessage& request)
    {
        const auto answer = this->request(request);
        if (answer) {
            if (const T* found = std::get_if<T>(&*answer))
                return *found;
        }
        warnUnexpected(request, answer);
        return std::nullopt;
    }
    /// Sends `request` and returns the `error` it was answered with when its code is `code`;
    /// otherwise warns with what came instead and returns nothing.
    std::optional<protocol::Error> expectError(
        const protocol::ClientMessage& request, protocol::ErrorCode code);
    /// A fresh request id, unique on this client.
    QString nextId(const QString& prefix = QStringLiteral("r"));

    /// Asks for `conversations.list` and waits for its answer. Also a barrier: the hub handles a
    /// connection's requests in order and queues its frames to a connection in order, so when the
    /// answer is here, every push the hub queued for this connection before it is here too.
    std::optional<protocol::ConversationsReply> roundTrip();
    /// The entry for `convId` in a fresh `conversations.list` (nothing when it is not listed).
    std::optional<protocol::Conversation> listed(const QString& convId);

    /// Logs in and waits for `welcome` (nothing when an error came instead).
    std::optional<protocol::Welcome> login(const QString& username, const QString& password);

    /// Creates a conversation titled `title` and waits for it (nothing when none came).
    std::optional<protocol::Conversation> createConversation(const QString& title);
    /// Creates a room with the given usernames and waits for it (nothing when refused).
    std::optional<protocol::Conversation> createRoom(
        const QString& title, const QStringList& members, const QString& model = QString());
    /// Opens (or finds) the direct message with `username` (nothing when refused).
    std::optional<protocol::Conversation> createDm(const QString& username);

    /// Waits until the server closes the connection; true when it did.
    bool waitForDisconnected(int timeoutMs = 5000);
    int closeCode() const { return m_socket.closeCode(); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QList<protocol::ServerMessage>& queue() { return m_queue; }
    /// What is queued, for a test log: describe() of each message, comma-separated.
    QString describeQueue() const;
    /// Frames that did not decode as server messages (a server bug).
    const QList<QByteArray>& undecodable() const { return m_undecodable; }
    QWebSocket& socket() { return m_socket; }

private:
    static void warnUnexpected(
        const protocol::ClientMessage& request, const std::optional<protocol::ServerMessage>& got);

    QWebSocket m_socket;
    QList<protocol::ServerMessage> m_queue;
    QList<QByteArray> m_undecodable;
    int m_nextId = 0;
};

/// A client signed in as `username` on `url` (nothing when the socket or the sign-in failed);
/// `welcome` receives the server's welcome (the user's id).
std::unique_ptr<WsTestClient> signedIn(const QUrl& url, const QString& username,
    const QString& password, protocol::Welcome* welcome = nullptr);

/// A server message for a test log: its type, and for an error its code and message.
QString describe(const protocol::ServerMessage& message);

/// describe() of each of `messages`, comma-separated (for a test log).
QString describe(const QList<protocol::ServerMessage>& messages);

/// The request `id` a server message answers (empty for pushes and events).
QString answerId(const protocol::ServerMessage& message);

} // namespace palaver::testing
