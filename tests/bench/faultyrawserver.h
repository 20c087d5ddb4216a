#pragma once

#include <QList>
#include <QTcpServer>

class QTcpSocket;

namespace palaver::testing {

/// A server of the benchmark room protocol's raw dialect (bench/protocol.md) that breaks it on
/// purpose, so a test can see the load generator notice: the load generator's verdict is only
/// worth something if a server that loses, repeats or garbles a message gets `"valid":false`.
class FaultyRawServer : public QTcpServer
{
    Q_OBJECT
public:
    enum class Fault {
        None,
        Drop, ///< the 5th room message never reaches the second member
        Duplicate, ///< the second member gets the 5th room message twice
        Corrupt, ///< the second member gets the 5th room message with one byte changed
        WrongEcho, ///< the 5th echo answer carries another body
    };

    explicit FaultyRawServer(Fault fault, QObject* parent = nullptr);

private:
    void onConnection();
    void onLine(QTcpSocket* socket, const QByteArray& line);

    Fault m_fault;
    QList<QTcpSocket*> m_members;
    int m_sends = 0;
    int m_echoes = 0;
};

} // namespace palaver::testing
