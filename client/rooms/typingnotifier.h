#pragma once

#include "protocol/messages.h"
#include "rooms/monotonicclock.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace palaver::client {

/// Tells the other members when the user types in the open room or DM, without flooding them:
/// `typing active:true` at most every `throttleMs` (3 s) while the composer changes, and
/// `active:false` after `idleMs` (4 s) without a change, when the text becomes empty, when the
/// message is sent, or when another conversation opens.
class TypingNotifier : public QObject
{
    Q_OBJECT

public:
    /// Sends a request (nothing when offline: typing is not worth keeping).
    using Sender = std::function<void(const protocol::ClientMessage&)>;
    using Clock = MonotonicClock;

    explicit TypingNotifier(Sender send, QObject* parent = nullptr);

    /// Where typing is reported from now on; empty = nowhere (nothing open, or an AI chat). A
    /// typist in the previous conversation is said to have stopped there.
    void setConversation(const QString& convId);
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setThrottleMs(int ms) { m_throttleMs = ms; }
    void setIdleMs(int ms) { m_idle.setInterval(ms); }

    /// The composer's text changed.
    void userTyping();
    /// The user stopped (sent, emptied the composer, or went quiet).
    void userStoppedTyping();
    /// The connection dropped: the server forgets typists with their connection.
    void connectionLost();
    bool isActive() const { return m_active; }

private:
    void sendTyping(bool active);

    Sender m_send;
    Clock m_clock;
    QString m_convId;
    QTimer m_idle;
    int m_throttleMs = 3000;
    qint64 m_lastSentAt = 0;
    bool m_active = false;
};

} // namespace palaver::client
