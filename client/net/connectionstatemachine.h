#pragma once

#include <QObject>

namespace palaver::client {

/// The life cycle of one client connection, kept apart from the socket so a later backoff state
/// (timers, jitter, network-change triggers) can be added here without touching Connection.
class ConnectionStateMachine : public QObject
{
    Q_OBJECT

public:
    enum class State { Offline, Connecting, Authenticating, Online };
    Q_ENUM(State)

    /// Why the machine moved; events, not target states, so the rules stay in one place.
    enum class Event { Open, SocketConnected, Welcomed, Closed };
    Q_ENUM(Event)

    explicit ConnectionStateMachine(QObject* parent = nullptr);

    State state() const { return m_state; }
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
