#pragma once

#include <QObject>

namespace palaver::client {

/// The life cycle of one client connection, kept apart from the socket. WaitingToRetry is "closed,
/// but a reconnect is scheduled" (the backoff timer lives in Connection).
class ConnectionStateMachine : public QObject
{
    Q_OBJECT

public:
    /// WaitingToRetry is last so the values of the older states stay as they were.
    enum class State { Offline, Connecting, Authenticating, Online, WaitingToRetry };
    Q_ENUM(State)

    /// Why the machine moved; events, not target states, so the rules stay in one place.
    enum class Event { Open, SocketConnected, Welcomed, Closed, RetryScheduled };
    Q_ENUM(Event)

    explicit ConnectionStateMachine(QObject* parent = nullptr);

    State state() const { return m_state; }
    /// No socket: Offline or WaitingToRetry.
    bool isClosed() const { return m_state == State::Offline || m_state == State::WaitingToRetry; }
    /// Applies `event`; returns false (and stays put) when it makes no sense in this state.
    bool handle(Event event);

    static QString displayText(State state);

Q_SIGNALS:
    void stateChanged(palaver::client::ConnectionStateMachine::State state);

private:
    void moveTo(State state);

    State m_state = State::Offline;
};

} // namespace palaver::client
