#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QTcpSocket>
#include <memory>

namespace palaver::testing {

/// A WebSocket client that writes frames by hand, for what QWebSocket will not send (invalid
/// UTF-8, odd opcodes), plus a plain HTTP exchange for the listener's non-WebSocket answers.
class RawWsClient
{
public:
    /// With `tlsAuthorities`, connects over TLS to a server whose certificate they sign.
    explicit RawWsClient(const QList<QSslCertificate>& tlsAuthorities = {});

    /// Connects, sends the upgrade for /v1/ws (offering `subprotocol` unless empty, and
    /// `extraHeaders`, whole lines ending in "\r\n") and returns the HTTP status of the answer
    /// (101 on success, 0 on a network failure).
    int open(quint16 port, const QByteArray& subprotocol = "palaver.v1", int timeoutMs = 5000,
        const QByteArray& extraHeaders = {});
    /// Sends one masked frame.
    void sendFrame(quint8 opcode, const QByteArray& payload, bool fin = true);
    /// Sends only the head of a frame that announces `payloadLength` bytes (for size limits: a
    /// server that refuses it closes before the payload, so no payload races the close).
    void sendFrameHead(quint8 opcode, quint64 payloadLength);
    /// Reads frames until the server's close frame; returns its close code, or -1 when the
    /// connection ended without one (or the timeout passed).
    int waitForCloseCode(int timeoutMs = 5000);
    /// Bounds what Qt reads off the network for us, so a test can play a client that stops
    /// reading (the kernel buffers fill and the server's queue grows).
    void setReadBufferSize(qint64 bytes) { m_socket->setReadBufferSize(bytes); }
    bool isConnected() const { return m_socket->state() == QAbstractSocket::ConnectedState; }
    /// Reads and discards until the server ends the connection; false on timeout.
    bool waitForDisconnected(int timeoutMs = 5000);
    /// The payload of the next text frame, or a null array on timeout.
    QByteArray readTextFrame(int timeoutMs = 5000);

    /// Sends `request` verbatim on a fresh connection and returns everything the server answered
    /// until it closed the connection.
    static QByteArray httpExchange(quint16 port, const QByteArray& request, int timeoutMs = 5000);

private:
    struct Frame
    {
        quint8 opcode = 0;
        QByteArray payload;
    };
    std::optional<Frame> readFrame(int timeoutMs);
    bool fill(qsizetype bytes, int timeoutMs);

    std::unique_ptr<QTcpSocket> m_socket;
    bool m_tls = false;
    QByteArray m_buffer;
};

} // namespace palaver::testing
