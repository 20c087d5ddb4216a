#include "net/listener.h"

#include "net/worker.h"

namespace palaver::server {

Listener::Listener(QList<Worker*> workers, QObject* parent)
    : QTcpServer(parent)
    , m_workers(std::move(workers))
{
    setListenBacklogSize(listenBacklog);
}

void Listener::incomingConnection(qintptr descriptor)
{
    Worker* worker = m_workers.at(m_next);
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(
        worker, [worker, descriptor] { worker->takeSocket(descriptor); }, Qt::QueuedConnection);
}

} // namespace palaver::server
