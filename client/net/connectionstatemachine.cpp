#include "net/connectionstatemachine.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

ConnectionStateMachine::ConnectionStateMachine(QObject* parent)
    : QObject(parent)
{ }

bool ConnectionStateMachine::handle(Event event)
{
    switch (event) {
    case Event::Open:
        moveTo(State::Connecting);
        return true;
    case Event::SocketConnected:
        if (m_state != State::Connecting)
            return false;
        moveTo(State::Authenticating);
        return true;
    case Event::Welcomed:
        if (m_state != State::Authenticating)
            return false;
        moveTo(State::Online);
        return true;
    case Event::Closed:
        moveTo(State::Offline);
        return true;
    case Event::RetryScheduled:
        moveTo(State::WaitingToRetry);
        return true;
    }
    return false;
}

QString ConnectionStateMachine::displayText(State state)
{
    switch (state) {
    case State::Offline:
        return u"Offline"_s;
    case State::Connecting:
        return u"Connecting…"_s;
    case State::Authenticating:
        return u"Signing in…"_s;
    case State::Online:
        return u"Connected"_s;
    case State::WaitingToRetry:
        return u"Reconnecting…"_s;
    }
    return {};
}

void ConnectionStateMachine::moveTo(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace palaver::client
