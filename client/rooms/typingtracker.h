#pragma once

#include "protocol/messages.h"
#include "rooms/monotonicclock.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace palaver::client {

/// Who else is typing in the open conversation, as the `typing` events say: an indicator lasts
/// `expiryMs` (5 s) after its person's last `active:true`, ends at once on `active:false`, and
/// ends when a message from that person arrives there. Produces the line shown under the
/// messages ("alice is typing…").
class TypingTracker : public QObject
{
    Q_OBJECT

public:
    using Clock = MonotonicClock;

    explicit TypingTracker(QObject* parent = nullptr);

    /// Follows `convId` from now on (everyone typing elsewhere is forgotten).
    void setConversation(const QString& convId);
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setExpiryMs(int ms) { m_expiryMs = ms; }
    int expiryMs() const { return m_expiryMs; }

    void handleTyping(const protocol::TypingEvent& event);
    /// A message by `userId` arrived in `convId`: they stopped typing.
    void noteMessage(const QString& convId, const QString& userId);
    /// Drops the indicators whose time is up (the timer calls it; tests after moving the clock).
    void expire();

    /// "alice is typing…" / "alice and bob are typing…" / "3 people are typing…" / "".
    QString text() const { return m_text; }
    /// The names shown, oldest typist first.
    QStringList names() const;
    /// The line for `names` (pure, for tests and the CLI).
    static QString textFor(const QStringList& names);

Q_SIGNALS:
    void textChanged();

private:
    struct Typist
    {
        QString userId;
        QString name;
        qint64 expiresAt = 0;
    };
    void remove(const QString& userId);
    void update();

    QString m_convId;
    QList<Typist> m_typists;
    QString m_text;
    Clock m_clock;
    int m_expiryMs = 5000;
    QTimer m_timer;
};

} // namespace palaver::client
