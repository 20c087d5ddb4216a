#include "chat/inboundqueue.h"

namespace palaver::server {

InboundQueue::Push InboundQueue::push(const QString& line, Task task, bool bounded)
{
    QMutexLocker lock(&m_mutex);
    QQueue<Task>& queue = m_lines[line];
    if (bounded && queue.size() >= m_maxPerLine)
        return Push::Refused;
    if (queue.isEmpty())
        m_turns.enqueue(line);
    queue.enqueue(std::move(task));
    ++m_waiting;
    if (m_draining)
        return Push::Queued;
    m_draining = true;
    return Push::QueuedAndIdle;
}

InboundQueue::Task InboundQueue::next(bool* idle)
{
    QMutexLocker lock(&m_mutex);
    if (m_turns.isEmpty()) {
        m_draining = false;
        *idle = true;
        return {};
    }
    const QString line = m_turns.dequeue();
    auto it = m_lines.find(line);
    Task task = it->dequeue();
    --m_waiting;
    if (it->isEmpty())
        m_lines.erase(it);
    else
        m_turns.enqueue(line); // its next request waits for everyone else's turn
    *idle = false;
    return task;
}

bool InboundQueue::drain(int maxTasks)
{
    for (int i = 0; i < maxTasks; ++i) {
        bool idle = false;
        Task task = next(&idle);
        if (idle)
            return false;
        task();
    }
    QMutexLocker lock(&m_mutex);
    if (m_turns.isEmpty()) {
        m_draining = false;
        return false;
    }
    return true;
}

int InboundQueue::waiting() const
{
    QMutexLocker lock(&m_mutex);
    return m_waiting;
}

} // namespace palaver::server
