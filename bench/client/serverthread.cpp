#include "serverthread.h"

#include "fakeserver.h"

namespace clientbench {

ServerThread::ServerThread()
{
    m_context.moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        &m_context,
        [this] {
            m_server = new palaver::test::FakeServer;
            if (m_server->listen())
                m_address = m_server->address();
        },
        Qt::BlockingQueuedConnection);
}

ServerThread::~ServerThread()
{
    QMetaObject::invokeMethod(
        &m_context,
        [this] {
            // Timers parented to the context go with the thread's objects, on the thread.
            qDeleteAll(m_context.children());
            delete m_server;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ServerThread::run(const std::function<void(palaver::test::FakeServer&)>& job)
{
    QMetaObject::invokeMethod(
        &m_context, [this, &job] { job(*m_server); }, Qt::BlockingQueuedConnection);
}

void ServerThread::post(std::function<void(palaver::test::FakeServer&)> job)
{
    QMetaObject::invokeMethod(
        &m_context, [this, job = std::move(job)] { job(*m_server); }, Qt::QueuedConnection);
}

} // namespace clientbench
