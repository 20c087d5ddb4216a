#include "rawwsclient.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QtEndian>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

RawWsClient::RawWsClient(const QList<QSslCertificate>& tlsAuthorities)
    : m_tls(!tlsAuthorities.isEmpty())
{
    if (!m_tls) {
        m_socket = std::make_unique<QTcpSocket>();
        return;
    }
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates(tlsAuthorities);
    socket->setSslConfiguration(configuration);
    m_socket = std::move(socket);
}

int RawWsClient::open(
    quint16 port, const QByteArray& subprotocol, int timeoutMs, const QByteArray& extraHeaders)
{
    if (m_tls) {
        auto* tls = static_cast<QSslSocket*>(m_socket.get());
        tls->connectToHostEncrypted(u"127.0.0.1"_s, port);
        if (!tls->waitForEncrypted(timeoutMs))
            return 0;
    } else {
        m_socket->connectToHost(QHostAddress::LocalHost, port);
        if (!m_socket->waitForConnected(timeoutMs))
            return 0;
    }
    QByteArray request = "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n";
    if (!subprotocol.isEmpty())
        request += "Sec-WebSocket-Protocol: " + subprotocol + "\r\n";
    request += extraHeaders;
    request += "\r\n";
    m_socket->write(request);
    QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains("\r\n\r\n")) {
        if (deadline.hasExpired()
            || (!m_socket->waitForReadyRead(int(deadline.remainingTime()))
                && m_socket->bytesAvailable() == 0))
            return 0;
        m_buffer += m_socket->readAll();
    }
    const qsizetype end = m_buffer.indexOf("\r\n\r\n") + 4;
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end);
    const QList<QByteArray> statusLine = head.left(head.indexOf("\r\n")).split(' ');
    return statusLine.size() >= 2 ? statusLine[1].toInt() : 0;
}

namespace {
QByteArray frameHead(quint8 opcode, quint64 length, bool fin, const char* maskBytes)
{
    QByteArray head;
    head.append(char((fin ? 0x80 : 0x00) | (opcode & 0x0f)));
    if (length < 126) {
        head.append(char(0x80 | length));
    } else if (length <= 0xffff) {
        head.append(char(0x80 | 126));
        head.append(char((length >> 8) & 0xff));
        head.append(char(length & 0xff));
    } else {
        head.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            head.append(char((length >> shift) & 0xff));
    }
    head.append(maskBytes, 4);
    return head;
}
} // namespace

void RawWsClient::sendFrameHead(quint8 opcode, quint64 payloadLength)
{
    const char maskBytes[4] = { 1, 2, 3, 4 };
    m_socket->write(frameHead(opcode, payloadLength, true, maskBytes));
    m_socket->flush();
}

void RawWsClient::sendFrame(quint8 opcode, const QByteArray& payload, bool fin)
{
    const quint32 mask = QRandomGenerator::global()->generate();
    const char maskBytes[4] = { char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask) };
    QByteArray frame = frameHead(opcode, quint64(payload.size()), fin, maskBytes);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ maskBytes[i % 4]));
    m_socket->write(frame);
    m_socket->flush();
}

bool RawWsClient::fill(qsizetype bytes, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_buffer.size() < bytes) {
        if (m_socket->bytesAvailable() == 0) {
            if (deadline.hasExpired() || m_socket->state() != QAbstractSocket::ConnectedState)
                return false;
            m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        m_buffer += m_socket->readAll();
        if (m_buffer.size() < bytes && m_socket->state() != QAbstractSocket::ConnectedState
            && m_socket->bytesAvailable() == 0)
            return false;
    }
    return true;
}

std::optional<RawWsClient::Frame> RawWsClient::readFrame(int timeoutMs)
{
    if (!fill(2, timeoutMs))
        return std::nullopt;
    Frame frame;
    frame.opcode = quint8(m_buffer[0]) & 0x0f;
    quint64 length = quint8(m_buffer[1]) & 0x7f;
    qsizetype header = 2;
    if (length == 126) {
        if (!fill(4, timeoutMs))
            return std::nullopt;
        length = qFromBigEndian<quint16>(m_buffer.constData() + 2);
        header = 4;
    } else if (length == 127) {
        if (!fill(10, timeoutMs))
            return std::nullopt;
        length = qFromBigEndian<quint64>(m_buffer.constData() + 2);
        header = 10;
    }
    if (!fill(header + qsizetype(length), timeoutMs))
        return std::nullopt;
    frame.payload = m_buffer.mid(header, qsizetype(length));
    m_buffer.remove(0, header + qsizetype(length));
    return frame;
}

int RawWsClient::waitForCloseCode(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const auto frame = readFrame(int(deadline.remainingTime()));
        if (!frame)
            return -1;
        if (frame->opcode == 0x8)
            return frame->payload.size() >= 2 ? qFromBigEndian<quint16>(frame->payload.constData())
                                              : 1005;
    }
    return -1;
}

bool RawWsClient::waitForDisconnected(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket->state() == QAbstractSocket::ConnectedState) {
        if (deadline.hasExpired())
            return false;
        m_socket->waitForReadyRead(
            int(qMax<qint64>(1, qMin<qint64>(100, deadline.remainingTime()))));
        m_socket->readAll();
    }
    return true;
}

QByteArray RawWsClient::readTextFrame(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const auto frame = readFrame(int(deadline.remainingTime()));
        if (!frame)
            return QByteArray();
        if (frame->opcode == 0x1)
            return frame->payload;
    }
    return QByteArray();
}

QByteArray RawWsClient::httpExchange(quint16 port, const QByteArray& request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return QByteArray();
    socket.write(request);
    QByteArray answer;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0 && socket.state() != QAbstractSocket::ConnectedState)
            break;
        socket.waitForReadyRead(int(qMax<qint64>(1, qMin<qint64>(100, deadline.remainingTime()))));
        answer += socket.readAll();
    }
    return answer;
}

} // namespace palaver::testing
