#include "rooms/typingtracker.h"

#include <algorithm>

namespace palaver::client {

TypingTracker::TypingTracker(QObject* parent)
    : QObject(parent)
    , m_clock(monotonicNow)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TypingTracker::expire);
}

void TypingTracker::setConversation(const QString& convId)
{
    if (m_convId == convId)
        return;
    m_convId = convId;
    m_typists.clear();
    update();
}

void TypingTracker::handleTyping(const protocol::TypingEvent& event)
{
    if (event.convId != m_convId || m_convId.isEmpty())
        return;
    if (!event.active) {
        remove(event.user.id);
        return;
    }
    const qint64 expiresAt = m_clock() + m_expiryMs;
    for (auto& typist : m_typists) {
        if (typist.userId == event.user.id) {
            typist.expiresAt = expiresAt;
            typist.name = event.user.name;
            update();
            return;
        }
    }
    m_typists.append(Typist { event.user.id, event.user.name, expiresAt });
    update();
}

void TypingTracker::noteMessage(const QString& convId, const QString& userId)
{
    if (convId == m_convId)
        remove(userId);
}

void TypingTracker::remove(const QString& userId)
{
    const auto before = m_typists.size();
    m_typists.removeIf([&](const Typist& t) { return t.userId == userId; });
    if (m_typists.size() != before)
        update();
}

void TypingTracker::expire()
{
    const qint64 now = m_clock();
    m_typists.removeIf([&](const Typist& t) { return t.expiresAt <= now; });
    update(); // also sets the timer for the ones left
}

QStringList TypingTracker::names() const
{
    QStringList result;
    for (const auto& t : m_typists)
        result.append(t.name);
    return result;
}

QString TypingTracker::textFor(const QStringList& names)
{
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(names.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(names.at(0), names.at(1));
    default:
        return tr("%1 people are typing…").arg(names.size());
    }
}

void TypingTracker::update()
{
    // The next indicator to run out decides when to look again.
    m_timer.stop();
    if (!m_typists.isEmpty()) {
        qint64 next = m_typists.constFirst().expiresAt;
        for (const auto& t : std::as_const(m_typists))
            next = std::min(next, t.expiresAt);
        m_timer.start(int(std::clamp<qint64>(next - m_clock(), 0, m_expiryMs)));
    }
    const QString text = textFor(names());
    if (text == m_text)
        return;
    m_text = text;
    Q_EMIT textChanged();
}

} // namespace palaver::client
