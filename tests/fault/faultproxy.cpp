#include "faultproxy.h"

#include "faultlink.h"

#include <QHostAddress>
#include <QTcpSocket>

FaultProxy::FaultProxy(const QString& name, quint16 upstreamPort, quint64 seed, QObject* parent)
    : QObject(parent)
    , m_name(name)
    , m_upstreamPort(upstreamPort)
    , m_random(seed)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

FaultProxy::~FaultProxy()
{
    for (const auto& link : std::as_const(m_links)) {
        if (link)
            link->cut(false);
    }
}

bool FaultProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FaultProxy::setFaultsEnabled(bool enabled)
{
    m_faultsEnabled = enabled;
    for (const auto& link : std::as_const(m_links)) {
        if (link && !link->isClosed())
            link->setFaultsEnabled(enabled);
    }
}

void FaultProxy::setOffline(bool offline)
{
    m_offline = offline;
    if (!offline)
        return;
    for (const auto& link : std::as_const(m_links)) {
        if (link)
            link->cut(false);
    }
    m_links.clear();
}

int FaultProxy::linkCount() const
{
    int count = 0;
    for (const auto& link : m_links)
        count += (link && !link->isClosed()) ? 1 : 0;
    return count;
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        if (m_offline) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_links.removeIf([](const QPointer<FaultLink>& link) { return !link || link->isClosed(); });
        // Each connection's schedule comes from the proxy's generator, itself from the seed.
        auto* link = new FaultLink(this, socket, m_upstreamPort, m_random.generate64());
        link->setFaultsEnabled(m_faultsEnabled);
        m_links.append(link);
    }
}
