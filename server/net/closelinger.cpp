#include "net/closelinger.h"

#include <QAtomicInt>
#include <QSocketNotifier>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace palaver::server {

namespace {
QAtomicInt lingeringCount;
} // namespace

qintptr CloseLinger::duplicate(qintptr descriptor)
{
#ifdef Q_OS_UNIX
    if (descriptor < 0 || lingeringCount.loadRelaxed() >= maxLingering)
        return -1;
    const int copy = ::dup(int(descriptor));
    if (copy >= 0)
        lingeringCount.ref();
    return copy;
#else
    // Elsewhere the close frame may be lost to a reset, as before.
    Q_UNUSED(descriptor);
    return -1;
#endif
}

void CloseLinger::discard(qintptr duplicate)
{
#ifdef Q_OS_UNIX
    if (duplicate < 0)
        return;
    ::close(int(duplicate));
    lingeringCount.deref();
#else
    Q_UNUSED(duplicate);
#endif
}

int CloseLinger::lingering()
{
    return lingeringCount.loadRelaxed();
}

void CloseLinger::start(qintptr duplicate, QObject* parent)
{
    if (duplicate >= 0)
        new CloseLinger(duplicate, parent);
}

CloseLinger::CloseLinger(qintptr descriptor, QObject* parent)
    : QObject(parent)
    , m_descriptor(descriptor)
{
#ifdef Q_OS_UNIX
    // Qt has written everything (the close frame included) and closed its descriptor; ours keeps
    // the connection. FIN now: the peer reads the close frame, answers and closes its side.
    ::shutdown(int(m_descriptor), SHUT_WR);
    m_notifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &CloseLinger::drain);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &CloseLinger::finish);
    m_timer->start(lingerMs);
    drain();
#endif
}

CloseLinger::~CloseLinger()
{
    if (m_notifier)
        m_notifier->setEnabled(false);
    discard(m_descriptor);
}

void CloseLinger::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_notifier->setEnabled(false);
    m_timer->stop();
    deleteLater();
}

void CloseLinger::drain()
{
#ifdef Q_OS_UNIX
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::recv(int(m_descriptor), buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return; // wait for more or for the peer's FIN
        // 0: the peer closed too; < 0: the connection is gone. Either way, done.
        finish();
        return;
    }
#endif
}

} // namespace palaver::server
