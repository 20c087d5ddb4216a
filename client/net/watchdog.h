#pragma once

#include <QObject>
#include <QTimer>

namespace palaver::client {

/// Detects a half-open connection (a laptop waking from sleep, a NAT that forgot us): after
/// `idleMs` without any frame it asks for a ping; if nothing at all arrives within `answerMs`
/// after that, the socket is dead. Any received frame counts as a sign of life.
class Watchdog : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultIdleMs = 25'000;
    static constexpr int defaultAnswerMs = 10'000;

    explicit Watchdog(QObject* parent = nullptr);

    void setIntervals(int idleMs, int answerMs);
    int idleMs() const { return m_idle.interval(); }
    int answerMs() const { return m_answer.interval(); }

    /// Starts (or restarts) watching: the socket is opening or open.
    void start();
    void stop();
    bool isRunning() const { return m_idle.isActive() || m_answer.isActive(); }
    /// A frame arrived: the connection is alive.
    void noteActivity();

Q_SIGNALS:
    /// Nothing arrived for `idleMs`: send a ping now.
    void pingDue();
    /// No answer to the ping: the connection is dead.
    void timedOut();

private:
    QTimer m_idle;
    QTimer m_answer;
};

} // namespace palaver::client
