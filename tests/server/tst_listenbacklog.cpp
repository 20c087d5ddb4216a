#include "net/listener.h"

#include <QDeadlineTimer>
#include <QScopeGuard>
#include <QTest>

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <vector>

using namespace palaver::server;

/// A burst of connections while nothing accepts (this thread's event loop does not run, as when
/// the main thread is busy): the kernel must hold them all. With Qt's default backlog of 50 the
/// SYNs past it are dropped and retried only a second later.
class TestListenBacklog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aBurstIsHeldUntilAccepted()
    {
#ifndef Q_OS_LINUX
        QSKIP("uses POSIX sockets directly; the backlog is the same call elsewhere");
#else
        Listener listener({});
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        constexpr int burst = 300;
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(listener.serverPort());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

        std::vector<pollfd> sockets;
        const auto closeAll = qScopeGuard([&] {
            for (const pollfd& socket : sockets)
                ::close(socket.fd);
        });
        for (int i = 0; i < burst; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            QVERIFY(fd >= 0);
            sockets.push_back({ fd, POLLOUT, 0 });
            ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        }

        // Within half a second, well before the 1 s SYN retry, every connect has completed.
        int connected = 0;
        QDeadlineTimer deadline(500);
        while (connected < burst && !deadline.hasExpired()) {
            ::poll(sockets.data(), sockets.size(), int(deadline.remainingTime()));
            connected = 0;
            for (pollfd& socket : sockets) {
                if (socket.revents & POLLOUT) {
                    int error = 0;
                    socklen_t length = sizeof error;
                    ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                    QCOMPARE(error, 0);
                    socket.events = 0; // done: poll only the others
                }
                if (socket.events == 0)
                    ++connected;
            }
        }
        QCOMPARE(connected, burst);
#endif
    }
};

QTEST_GUILESS_MAIN(TestListenBacklog)
#include "tst_listenbacklog.moc"
