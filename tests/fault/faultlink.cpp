#include "faultlink.h"

#include "faultproxy.h"

#include <QHostAddress>

namespace {
// The schedule: a fault every 0.25–1 s per connection; of them 30 % cuts, 25 % stalls, 45 %
// delays. A stall outlasts the clients' watchdog (they must notice); a delay does not.
constexpr int kMinGapMs = 250;
constexpr int kMaxGapMs = 1000;
constexpr int kMinStallMs = 1000;
constexpr int kMaxStallMs = 3000;
constexpr int kMinDelayMs = 50;
constexpr int kMaxDelayMs = 300;
} // namespace

FaultLink::FaultLink(FaultProxy* proxy, QTcpSocket* client, quint16 upstreamPort, quint64 seed)
    : QObject(proxy)
    , m_proxy(proxy)
    , m_client(client)
    , m_random(seed)
{
    m_client->setParent(this);
    m_faultTimer.setSingleShot(true);
    m_holdTimer.setSingleShot(true);
    connect(&m_faultTimer, &QTimer::timeout, this, &FaultLink::injectFault);
    connect(&m_holdTimer, &QTimer::timeout, this, &FaultLink::release);
    connect(m_client, &QTcpSocket::readyRead, this, &FaultLink::pump);
    connect(&m_upstream, &QTcpSocket::readyRead, this, &FaultLink::pump);
    connect(&m_upstream, &QTcpSocket::connected, this, &FaultLink::onUpstreamConnected);
    // Either side going away (a close, a reset, the server killed) ends the pair.
    connect(m_client, &QTcpSocket::disconnected, this, &FaultLink::closeGracefully);
    connect(&m_upstream, &QTcpSocket::disconnected, this, &FaultLink::closeGracefully);
    connect(m_client, &QAbstractSocket::errorOccurred, this, &FaultLink::closeGracefully);
    connect(&m_upstream, &QAbstractSocket::errorOccurred, this, &FaultLink::closeGracefully);
    m_upstream.connectToHost(QHostAddress::LocalHost, upstreamPort);
}

void FaultLink::setFaultsEnabled(bool enabled)
{
    m_faultsEnabled = enabled;
    if (!enabled) {
        m_faultTimer.stop();
        if (m_held) {
            m_holdTimer.stop();
            release();
        }
    } else if (m_connected && !m_held) {
        scheduleNextFault();
    }
}

void FaultLink::onUpstreamConnected()
{
    m_connected = true;
    pump();
    if (m_faultsEnabled)
        scheduleNextFault();
}

void FaultLink::pump()
{
    if (m_closed)
        return;
    m_toServer += m_client->readAll();
    m_toClient += m_upstream.readAll();
    if (m_held || !m_connected)
        return;
    if (!m_toServer.isEmpty()) {
        m_upstream.write(m_toServer);
        m_toServer.clear();
    }
    if (!m_toClient.isEmpty()) {
        m_client->write(m_toClient);
        m_toClient.clear();
    }
}

void FaultLink::scheduleNextFault()
{
    m_faultTimer.start(m_random.bounded(kMinGapMs, kMaxGapMs + 1));
}

void FaultLink::injectFault()
{
    if (m_closed || !m_faultsEnabled)
        return;
    // Every run must exercise both kinds of outage, whatever the timing: until the proxy has
    // counted a cut, the next fault is a cut; then, until it has counted a stall, a stall.
    const FaultProxy::Counts sofar = m_proxy->counts();
    const int pick = sofar.cuts == 0 ? 0 : sofar.stalls == 0 ? 30 : m_random.bounded(100);
    if (pick < 30) {
        cut(true);
    } else if (pick < 55) {
        m_proxy->countStall();
        hold(m_random.bounded(kMinStallMs, kMaxStallMs + 1));
    } else {
        m_proxy->countDelay();
        hold(m_random.bounded(kMinDelayMs, kMaxDelayMs + 1));
    }
}

void FaultLink::hold(int ms)
{
    // Bytes keep arriving and are kept, in order, as a network path that comes back delivers them.
    m_held = true;
    m_holdTimer.start(ms);
}

void FaultLink::release()
{
    m_held = false;
    pump();
    if (m_faultsEnabled && !m_closed)
        scheduleNextFault();
}

void FaultLink::cut(bool count)
{
    if (m_closed)
        return;
    m_closed = true;
    if (count)
        m_proxy->countCut();
    m_faultTimer.stop();
    m_holdTimer.stop();
    m_client->abort();
    m_upstream.abort();
    deleteLater();
}

void FaultLink::closeGracefully()
{
    if (m_closed)
        return;
    m_closed = true;
    m_faultTimer.stop();
    m_holdTimer.stop();
    // What the other side already sent still reaches this one before the close.
    if (!m_held && m_connected) {
        m_toServer += m_client->readAll();
        m_toClient += m_upstream.readAll();
        if (m_upstream.state() == QAbstractSocket::ConnectedState && !m_toServer.isEmpty())
            m_upstream.write(m_toServer);
        if (m_client->state() == QAbstractSocket::ConnectedState && !m_toClient.isEmpty())
            m_client->write(m_toClient);
    }
    m_client->disconnectFromHost();
    m_upstream.disconnectFromHost();
    deleteLater();
}
