#pragma once

#include "protocol/messages.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace palaver::client {

/// Tells the server when the user is away: `presence.set away` once the window has been
/// inactive for `awayAfterMs` (5 min), `online` as soon as it is active again. The server counts
/// every new connection as online, so after a reconnect an away user says so again.
class PresenceReporter : public QObject
{
    Q_OBJECT

public:
    /// Sends a request if online (an away said while offline goes after the next sign-in).
    using Sender = std::function<void(const protocol::ClientMessage&)>;

    explicit PresenceReporter(Sender send, QObject* parent = nullptr);

    void setAwayAfterMs(int ms) { m_awayTimer.setInterval(ms); }
    int awayAfterMs() const { return m_awayTimer.interval(); }
    /// The app's window is (in)active; drives the away timer.
    void setWindowActive(bool active);
    /// A connection was welcomed (the server thinks we are online).
    void connected();
    /// The user counts as away now (the timer ran out while the window stayed inactive).
    bool isAway() const { return m_away; }
    /// The window is inactive and the away timer runs.
    bool awayPending() const { return m_awayTimer.isActive(); }

Q_SIGNALS:
    void awayChanged();

private:
    void goAway();
    void send(protocol::PresenceState state);

    Sender m_send;
    QTimer m_awayTimer;
    bool m_away = false;
    bool m_windowActive = true;
};

} // namespace palaver::client
