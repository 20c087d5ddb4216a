#include "net/wireframe.h"

#include <QtEndian>

#include <cerrno>
#include <sys/socket.h>

namespace palaver::server {

QByteArray textFrame(const QByteArray& utf8Payload)
{
    const quint64 size = quint64(utf8Payload.size());
    QByteArray frame;
    frame.reserve(qsizetype(size) + 10);
    frame.append(char(0x81)); // FIN, text
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        frame.append(char(126));
        char length[2];
        qToBigEndian(quint16(size), length);
        frame.append(length, 2);
    } else {
        frame.append(char(127));
        char length[8];
        qToBigEndian(size, length);
        frame.append(length, 8);
    }
    frame.append(utf8Payload);
    return frame;
}

qint64 sendNow(qintptr descriptor, const QByteArray& bytes)
{
    if (descriptor < 0)
        return 0;
    for (;;) {
        // MSG_NOSIGNAL: a peer that went away is an error here, not a SIGPIPE.
        const ssize_t sent = ::send(
            int(descriptor), bytes.constData(), size_t(bytes.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent >= 0)
            return qint64(sent);
        if (errno != EINTR)
            return 0;
    }
}

} // namespace palaver::server
