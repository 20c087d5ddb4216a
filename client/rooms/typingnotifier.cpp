#include "rooms/typingnotifier.h"

namespace palaver::client {

TypingNotifier::TypingNotifier(Sender send, QObject* parent)
    : QObject(parent)
    , m_send(std::move(send))
    , m_clock(monotonicNow)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(4000);
    connect(&m_idle, &QTimer::timeout, this, &TypingNotifier::userStoppedTyping);
}

void TypingNotifier::setConversation(const QString& convId)
{
    if (convId == m_convId)
        return;
    userStoppedTyping();
    m_convId = convId;
}

void TypingNotifier::userTyping()
{
    if (m_convId.isEmpty())
        return;
    const qint64 now = m_clock();
    // The receivers keep an indicator 5 s: a refresh every 3 s keeps it up without a gap.
    if (!m_active || now - m_lastSentAt >= m_throttleMs) {
        m_active = true;
        m_lastSentAt = now;
        sendTyping(true);
    }
    m_idle.start();
}

void TypingNotifier::userStoppedTyping()
{
    m_idle.stop();
    if (!m_active)
        return;
    m_active = false;
    sendTyping(false);
}

void TypingNotifier::connectionLost()
{
    m_idle.stop();
    m_active = false;
}

void TypingNotifier::sendTyping(bool active)
{
    protocol::TypingRequest request;
    request.convId = m_convId;
    request.active = active;
    m_send(request);
}

} // namespace palaver::client
