#pragma once

#include <QList>
#include <QTcpServer>

namespace palaver::server {

class Worker;

/// The one listening port: hands every accepted socket descriptor, round robin, to a worker
/// thread, which does all reading and writing on it.
class Listener : public QTcpServer
{
    Q_OBJECT
public:
    /// Connections the kernel may hold completed but not yet accepted (the kernel caps it at
    /// net.core.somaxconn). Qt's default, 50, overflows when hundreds of clients reconnect at
    /// once after a restart: the SYNs past it are dropped and retried a second later.
    static constexpr int listenBacklog = 4096;

    explicit Listener(QList<Worker*> workers, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QList<Worker*> m_workers;
    qsizetype m_next = 0;
};

} // namespace palaver::server
