#include "net/networkmonitor.h"

#include <QNetworkInformation>

namespace palaver::client {

NetworkMonitor::NetworkMonitor(QObject* parent)
    : QObject(parent)
{
    using Info = QNetworkInformation;
    // Loading fails where no backend exists: then we rely on the backoff timer alone.
    if (!Info::instance() && !Info::loadBackendByFeatures(Info::Feature::Reachability))
        return;
    Info* info = Info::instance();
    if (!info || !info->supports(Info::Feature::Reachability))
        return;
    m_available = true;
    const auto isUp = [](Info::Reachability r) {
        // Unknown is what some backends say at start: don't treat it as "offline".
        return r != Info::Reachability::Disconnected;
    };
    m_reachable = isUp(info->reachability());
    connect(info, &Info::reachabilityChanged, this,
        [this, isUp](Info::Reachability r) { setReachable(isUp(r)); });
}

void NetworkMonitor::setReachable(bool reachable)
{
    if (m_reachable == reachable)
        return;
    m_reachable = reachable;
    if (reachable)
        Q_EMIT networkReturned();
}

} // namespace palaver::client
