#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>

namespace palaver::test {
class FakeServer;
}

namespace clientbench {

/// The tests' fake server (tests/client/fakeserver.h) on a thread of its own, as a real server
/// is another process: its encoding and sending stay off the client's GUI thread.
class ServerThread
{
public:
    ServerThread();
    ~ServerThread();
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

    /// Runs `job` on the server's thread and waits for it to return.
    void run(const std::function<void(palaver::test::FakeServer&)>& job);
    /// Runs `job` on the server's thread later (it must not outlive this).
    void post(std::function<void(palaver::test::FakeServer&)> job);
    /// An object living on the server's thread (a parent for its timers).
    QObject* context() { return &m_context; }
    /// host:port as the sign-in page takes it; empty when the server could not listen.
    QString address() const { return m_address; }

private:
    QThread m_thread;
    QObject m_context;
    palaver::test::FakeServer* m_server = nullptr;
    QString m_address;
};

} // namespace clientbench
