#include "abusesocket.h"

#include <QDeadlineTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace palaver::abuse {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {
/// A connected TCP socket from `from` to 127.0.0.1:`port`, or -1.
int connectFrom(const QHostAddress& from, quint16 port, int receiveBufferBytes, int timeoutMs)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    // Set before connecting: the window the client announces is fixed by then.
    if (receiveBufferBytes > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes, sizeof receiveBufferBytes);
    const timeval timeout { timeoutMs / 1000, (timeoutMs % 1000) * 1000 };
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout); // bounds connect()
    sockaddr_in source {};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(from.toIPv4Address());
    sockaddr_in target {};
    target.sin_family = AF_INET;
    target.sin_port = htons(port);
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0
        || ::connect(fd, reinterpret_cast<const sockaddr*>(&target), sizeof target) != 0) {
        ::close(fd);
        return -1;
    }
    const timeval none {};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
    return fd;
}

QByteArray frameHead(quint8 opcode, quint64 length, bool fin, const char* mask)
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
    head.append(mask, 4);
    return head;
}
} // namespace

AbuseSocket::AbuseSocket(QObject* parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_ended = true; });
}

AbuseSocket::~AbuseSocket()
{
    disconnect(&m_socket, nullptr, this, nullptr);
    m_socket.abort();
}

int AbuseSocket::open(quint16 port, const Options& options)
{
    const int fd = connectFrom(options.from, port, options.receiveBufferBytes, options.timeoutMs);
    if (fd < 0 || !m_socket.setSocketDescriptor(fd)) {
        if (fd >= 0)
            ::close(fd);
        return 0;
    }
    QByteArray request = "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: palaver.v1\r\n";
    request += options.extraHeaders;
    request += "\r\n";
    m_socket.write(request);
    QDeadlineTimer deadline(options.timeoutMs);
    while (!m_buffer.contains("\r\n\r\n")) {
        if (m_socket.bytesAvailable() == 0
            && (deadline.hasExpired()
                || !m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))))
            return m_buffer.isEmpty() ? 0 : m_buffer.split(' ').value(1).toInt();
        m_buffer += m_socket.readAll();
    }
    const qsizetype end = m_buffer.indexOf("\r\n\r\n") + 4;
    const QByteArray statusLine = m_buffer.left(m_buffer.indexOf("\r\n"));
    m_buffer.remove(0, end);
    const int status = statusLine.split(' ').value(1).toInt();
    if (status != 101) {
        m_socket.abort();
        m_ended = true;
        return status;
    }
    connect(&m_socket, &QTcpSocket::readyRead, this, &AbuseSocket::onReadyRead);
    if (!m_buffer.isEmpty())
        parseFrames();
    return status;
}

void AbuseSocket::sendFrame(quint8 opcode, const QByteArray& payload, bool fin)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return;
    const quint32 mask = QRandomGenerator::global()->generate();
    const char maskBytes[4] = { char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask) };
    QByteArray frame = frameHead(opcode, quint64(payload.size()), fin, maskBytes);
    const qsizetype head = frame.size();
    frame.resize(head + payload.size());
    char* out = frame.data() + head;
    for (qsizetype i = 0; i < payload.size(); ++i)
        out[i] = char(payload[i] ^ maskBytes[i % 4]);
    m_socket.write(frame);
}

void AbuseSocket::send(const ClientMessage& message)
{
    sendFrame(0x1, encode(message));
}

bool AbuseSocket::signIn(
    const QString& name, const QString& password, QString* issuedToken, const QString& token)
{
    const QString id = u"signin-%1"_s.arg(++m_nextId);
    if (token.isEmpty())
        send(Login { id, name, password });
    else
        send(Auth { id, token });
    const auto answer = waitForAnswer(id, 15000);
    const auto* welcome = answer ? std::get_if<Welcome>(&*answer) : nullptr;
    if (welcome && issuedToken)
        *issuedToken = welcome->token;
    return welcome != nullptr;
}

void AbuseSocket::stopReading()
{
    m_reading = false;
    // Qt stops reading the descriptor once its own buffer holds this much.
    m_socket.setReadBufferSize(1024);
}

void AbuseSocket::resumeReading()
{
    m_reading = true;
    m_socket.setReadBufferSize(0);
    onReadyRead();
}

std::optional<ServerMessage> AbuseSocket::waitForAnswer(const QString& id, int timeoutMs)
{
    std::optional<ServerMessage> found;
    waitUntil(
        [&] {
            for (qsizetype i = 0; i < m_messages.size(); ++i) {
                const ServerMessage& message = m_messages.at(i);
                const QString answers = std::visit(
                    [](const auto& m) -> QString {
                        if constexpr (requires { m.id; })
                            return m.id;
                        else
                            return QString();
                    },
                    message);
                if (answers == id) {
                    found = message;
                    m_messages.removeAt(i);
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

bool AbuseSocket::waitForEnd(int timeoutMs)
{
    return waitUntil([this] { return m_ended; }, timeoutMs);
}

bool AbuseSocket::waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired() || (m_ended && m_socket.bytesAvailable() == 0 && !done()))
            return done();
        QTest::qWait(5);
    }
    return true;
}

void AbuseSocket::onReadyRead()
{
    if (!m_reading)
        return;
    const QByteArray bytes = m_socket.readAll();
    m_bytesReceived += bytes.size();
    m_buffer += bytes;
    parseFrames();
}

void AbuseSocket::parseFrames()
{
    while (m_buffer.size() >= 2) {
        const bool fin = quint8(m_buffer[0]) & 0x80;
        const quint8 opcode = quint8(m_buffer[0]) & 0x0f;
        quint64 length = quint8(m_buffer[1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = qFromBigEndian<quint16>(m_buffer.constData() + 2);
            header = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = qFromBigEndian<quint64>(m_buffer.constData() + 2);
            header = 10;
        }
        if (m_buffer.size() < header + qsizetype(length))
            return;
        const QByteArray payload = m_buffer.mid(header, qsizetype(length));
        m_buffer.remove(0, header + qsizetype(length));
        switch (opcode) {
        case 0x9: // ping: answer, as a live client does
            sendFrame(0xA, payload);
            ++m_pingsAnswered;
            break;
        case 0x8: // close: note the code, answer and hang up
            m_closeCode = payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : 1005;
            sendFrame(0x8, payload.left(2));
            m_socket.disconnectFromHost();
            m_ended = true;
            return;
        case 0x1:
        case 0x0: {
            m_fragments += payload;
            if (!fin)
                break;
            const QByteArray message = std::exchange(m_fragments, {});
            m_largestMessage = qMax<qint64>(m_largestMessage, message.size());
            Decoded<ServerMessage> decoded = decodeServerMessage(message);
            if (decoded.ok()) {
                if (m_keep)
                    m_messages.append(*decoded.message);
                Q_EMIT messageReceived(*decoded.message);
            }
            break;
        }
        default:
            break;
        }
    }
}

} // namespace palaver::abuse
