#include "faultyrawserver.h"

#include <QTcpSocket>

namespace palaver::testing {

FaultyRawServer::FaultyRawServer(Fault fault, QObject* parent)
    : QTcpServer(parent)
    , m_fault(fault)
{
    connect(this, &QTcpServer::newConnection, this, &FaultyRawServer::onConnection);
}

void FaultyRawServer::onConnection()
{
    while (QTcpSocket* socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            while (socket->canReadLine())
                onLine(socket, socket->readLine().chopped(1));
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_members.removeAll(socket);
            socket->deleteLater();
        });
    }
}

void FaultyRawServer::onLine(QTcpSocket* socket, const QByteArray& line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.value(0) == "J" && parts.size() == 2) {
        m_members.append(socket);
        socket->write("j " + parts[1] + ' ' + QByteArray::number(m_members.size()) + '\n');
    } else if (parts.value(0) == "S" && parts.size() == 3) {
        const bool faulty = ++m_sends == 5;
        const QByteArray message = "m " + parts[1] + ' ' + parts[2] + '\n';
        for (qsizetype i = 0; i < m_members.size(); ++i) {
            QByteArray out = message;
            if (faulty && i == 1) {
                if (m_fault == Fault::Drop)
                    continue;
                if (m_fault == Fault::Duplicate)
                    out += message;
                if (m_fault == Fault::Corrupt)
                    out[out.size() - 2] = out[out.size() - 2] == 'a' ? 'b' : 'a';
            }
            m_members[i]->write(out);
        }
    } else if (parts.value(0) == "E" && parts.size() == 2) {
        const bool faulty = ++m_echoes == 5 && m_fault == Fault::WrongEcho;
        socket->write("e " + (faulty ? QByteArray("0.0.0.") : parts[1]) + '\n');
    }
}

} // namespace palaver::testing
