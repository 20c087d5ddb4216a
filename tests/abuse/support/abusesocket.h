#pragma once

#include "protocol/codec.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <functional>
#include <optional>

namespace palaver::abuse {

/// One attacking (or watching) WebSocket client: a raw socket that may come from any 127.0.0.x
/// address (so per-address limits see many clients, on any server build), with a small receive
/// buffer when asked (a reader that falls behind). After the handshake it is event-driven: it
/// answers pings, keeps the text frames it gets and notes the close code, so a test can hold
/// hundreds of them from one thread.
class AbuseSocket : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QHostAddress from = QHostAddress::LocalHost; ///< the source address (127.0.0.0/8)
        int receiveBufferBytes = 0; ///< SO_RCVBUF before connecting; 0: the system's
        QByteArray extraHeaders; ///< whole header lines ending in "\r\n"
        int timeoutMs = 5000;
    };

    explicit AbuseSocket(QObject* parent = nullptr);
    ~AbuseSocket() override;

    /// Connects to 127.0.0.1:`port`, sends the upgrade for /v1/ws and returns the HTTP status
    /// of the answer (101 on success, 0 when the connection failed).
    int open(quint16 port, const Options& options);
    int open(quint16 port) { return open(port, Options {}); }
    int open(quint16 port, const QHostAddress& from)
    {
        Options options;
        options.from = from;
        return open(port, options);
    }

    /// Sends one masked frame.
    void sendFrame(quint8 opcode, const QByteArray& payload, bool fin = true);
    void send(const protocol::ClientMessage& message);
    /// Logs in (or authenticates with `token` when not empty) and waits for the answer; true on
    /// `welcome`, whose token lands in `issuedToken`.
    bool signIn(const QString& name, const QString& password, QString* issuedToken = nullptr,
        const QString& token = QString());

    /// Stops taking data off the socket: the kernel's buffers fill and the server's queue grows.
    void stopReading();
    /// Takes everything off the socket again (what the kernel held, then what follows).
    void resumeReading();

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    /// The code of the server's close frame; -1 while none came (also when the connection ended
    /// without one).
    int closeCode() const { return m_closeCode; }
    /// The connection is over (a close frame came, or the TCP connection ended).
    bool ended() const { return m_ended; }
    qint64 bytesReceived() const { return m_bytesReceived; }
    /// Bytes written but not yet taken by the kernel.
    qint64 bytesToWrite() const { return m_socket.bytesToWrite(); }
    /// Pings the server sent that this client answered.
    int pingsAnswered() const { return m_pingsAnswered; }
    /// The largest text message received, in bytes.
    qint64 largestMessage() const { return m_largestMessage; }

    /// Keep decoded messages (default on); off, only counts and sizes are kept.
    void setKeepMessages(bool keep) { m_keep = keep; }
    QList<protocol::ServerMessage>& messages() { return m_messages; }
    const QList<protocol::ServerMessage>& messages() const { return m_messages; }
    /// Removes and returns every kept message of type T.
    template<class T> QList<T> takeAll()
    {
        QList<T> taken;
        for (qsizetype i = 0; i < m_messages.size();) {
            if (const T* found = std::get_if<T>(&m_messages.at(i))) {
                taken.append(*found);
                m_messages.removeAt(i);
            } else {
                ++i;
            }
        }
        return taken;
    }
    /// Waits for the answer to request `id` (the reply or an error), removing it.
    std::optional<protocol::ServerMessage> waitForAnswer(const QString& id, int timeoutMs = 5000);
    /// Waits for a kept message of type T, removing it.
    template<class T> std::optional<T> waitFor(int timeoutMs = 5000)
    {
        std::optional<T> found;
        waitUntil(
            [&] {
                for (qsizetype i = 0; i < m_messages.size(); ++i) {
                    if (const T* message = std::get_if<T>(&m_messages.at(i))) {
                        found = *message;
                        m_messages.removeAt(i);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }
    /// Waits until the connection is over; true when it is.
    bool waitForEnd(int timeoutMs = 5000);

Q_SIGNALS:
    void messageReceived(const protocol::ServerMessage& message);

private:
    bool waitUntil(const std::function<bool()>& done, int timeoutMs);
    void onReadyRead();
    void parseFrames();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_fragments; ///< a fragmented text message being put together
    QList<protocol::ServerMessage> m_messages;
    bool m_keep = true;
    bool m_reading = true;
    bool m_ended = false;
    int m_closeCode = -1;
    qint64 m_bytesReceived = 0;
    qint64 m_largestMessage = 0;
    int m_nextId = 0;
    int m_pingsAnswered = 0;
};

/// 127.0.`a`.`b`: one of the many loopback addresses an attack comes from.
inline QHostAddress loopback(int a, int b)
{
    return QHostAddress(quint32((127u << 24) | (quint32(a) << 8) | quint32(b)));
}

} // namespace palaver::abuse
