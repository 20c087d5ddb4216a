#include "net/watchdog.h"

namespace palaver::client {

Watchdog::Watchdog(QObject* parent)
    : QObject(parent)
{
    m_idle.setSingleShot(true);
    m_answer.setSingleShot(true);
    setIntervals(defaultIdleMs, defaultAnswerMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        m_answer.start();
        Q_EMIT pingDue();
    });
    connect(&m_answer, &QTimer::timeout, this, [this] {
        stop();
        Q_EMIT timedOut();
    });
}

void Watchdog::setIntervals(int idleMs, int answerMs)
{
    m_idle.setInterval(qMax(1, idleMs));
    m_answer.setInterval(qMax(1, answerMs));
}

void Watchdog::start()
{
    m_answer.stop();
    m_idle.start();
}

void Watchdog::stop()
{
    m_idle.stop();
    m_answer.stop();
}

void Watchdog::noteActivity()
{
    if (!isRunning())
        return;
    start();
}

} // namespace palaver::client
