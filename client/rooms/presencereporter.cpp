#include "rooms/presencereporter.h"

namespace palaver::client {

PresenceReporter::PresenceReporter(Sender send, QObject* parent)
    : QObject(parent)
    , m_send(std::move(send))
{
    m_awayTimer.setSingleShot(true);
    m_awayTimer.setInterval(5 * 60 * 1000);
    connect(&m_awayTimer, &QTimer::timeout, this, &PresenceReporter::goAway);
}

void PresenceReporter::setWindowActive(bool active)
{
    if (active == m_windowActive)
        return;
    m_windowActive = active;
    if (!active) {
        m_awayTimer.start();
        return;
    }
    m_awayTimer.stop();
    if (!m_away)
        return;
    m_away = false;
    send(protocol::PresenceState::Online);
    Q_EMIT awayChanged();
}

void PresenceReporter::connected()
{
    if (m_away)
        send(protocol::PresenceState::Away);
}

void PresenceReporter::goAway()
{
    if (m_away || m_windowActive)
        return;
    m_away = true;
    send(protocol::PresenceState::Away);
    Q_EMIT awayChanged();
}

void PresenceReporter::send(protocol::PresenceState state)
{
    protocol::PresenceSet request;
    request.state = state;
    m_send(request);
}

} // namespace palaver::client
