#pragma once
// What the epoll dispatcher tests share: a socket pair, the dispatcher of the running thread, and a
// main() that installs the dispatcher before the application exists, so the main thread (and
// with it QTRY_*, QSignalSpy::wait and every QTimer of the test) runs on it.

#include "eventloop/epolleventdispatcher.h"

#include <QAbstractEventDispatcher>
#include <QByteArray>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTest>
#include <QThread>

#include <cstring>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace palaver::server::epolltest {

/// Both ends of a connected, non-blocking UNIX stream socket pair; closed on destruction.
struct SocketPair
{
    int fds[2] = { -1, -1 };
    SocketPair() { socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair()
    {
        closeEnd(0);
        closeEnd(1);
    }
    int local() const { return fds[0]; }
    int peer() const { return fds[1]; }
    bool sendFromPeer(const char* data) { return ::write(fds[1], data, strlen(data)) > 0; }
    QByteArray readLocal()
    {
        char buffer[256];
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        return n > 0 ? QByteArray(buffer, n) : QByteArray();
    }
    void closeEnd(int end)
    {
        if (fds[end] >= 0)
            ::close(std::exchange(fds[end], -1));
    }
};

inline EpollEventDispatcher* dispatcher()
{
    return qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance());
}

inline bool onePass()
{
    return QAbstractEventDispatcher::instance()->processEvents(QEventLoop::AllEvents);
}

inline QAbstractEventDispatcher* dispatcherFor(QThread* thread)
{
    return QAbstractEventDispatcher::instance(thread);
}

} // namespace palaver::server::epolltest

#define PALAVER_EPOLL_TEST_MAIN(TestClass)                                                         \
    int main(int argc, char** argv)                                                                \
    {                                                                                              \
        QCoreApplication::setEventDispatcher(new palaver::server::EpollEventDispatcher);           \
        QCoreApplication app(argc, argv);                                                          \
        TestClass test;                                                                            \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
