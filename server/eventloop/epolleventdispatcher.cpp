#include "eventloop/epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <limits>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace palaver::server {

namespace {

// Indexed by QSocketNotifier::Type (Read, Write, Exception): what a notifier asks epoll for,
// and what wakes it. Hang-up and error wake every notifier of the descriptor, as with poll():
// the reader then sees the end of the stream, the writer the error.
constexpr quint32 asked[3] = { EPOLLIN, EPOLLOUT, EPOLLPRI };
constexpr quint32 wakes[3] = { EPOLLIN | EPOLLHUP | EPOLLERR, EPOLLOUT | EPOLLHUP | EPOLLERR,
    EPOLLPRI | EPOLLHUP | EPOLLERR };

bool validType(int type)
{
    return type >= QSocketNotifier::Read && type <= QSocketNotifier::Exception;
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject* parent)
    : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    if (m_epoll < 0 || m_wakeFd < 0 || epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) < 0) {
        qWarning("EpollEventDispatcher: %s", std::strerror(errno));
        if (m_epoll >= 0)
            ::close(std::exchange(m_epoll, -1));
        if (m_wakeFd >= 0)
            ::close(std::exchange(m_wakeFd, -1));
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_epoll >= 0)
        ::close(m_epoll);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    // As in QEventDispatcherUNIX: an interrupt counts for the pass it arrives before or during.
    m_interrupted.store(false, std::memory_order_relaxed);
    emit awake();
    // Anything posted after this (here or by another thread) calls wakeUp(), so the wait below
    // returns at once; events Qt holds back on purpose (a deferred delete for an outer loop)
    // stay queued without waking anyone, as with Qt's own dispatchers.
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    // ExcludeUserInputEvents needs nothing: a thread on this dispatcher has no user input.
    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents)
        && !m_interrupted.load(std::memory_order_relaxed);
    if (canWait)
        emit aboutToBlock();
    if (m_interrupted.load(std::memory_order_relaxed))
        return false;

    int activated
        = waitAndCollect(waitTimeoutMs(canWait, includeTimers, includeNotifiers), includeNotifiers)
        ? 1
        : 0;
    if (includeNotifiers)
        activated += activateNotifiers();
    if (includeTimers)
        activated += m_timers.activate(TimerQueue::Clock::now());
    return activated > 0;
}

int EpollEventDispatcher::waitTimeoutMs(
    bool canWait, bool includeTimers, bool includeNotifiers) const
{
    if (!canWait)
        return 0;
    // Left over by an event loop nested in a handler, or descriptors that are always ready.
    if (includeNotifiers && (!m_pending.isEmpty() || !m_alwaysReady.isEmpty()))
        return 0;
    if (!includeTimers)
        return -1;
    const auto next = m_timers.timeToNext(TimerQueue::Clock::now());
    if (!next)
        return -1;
    // Rounded up: waking before a timer is due would only spin until it is.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next).count();
    return int(qMin<qint64>(ms, std::numeric_limits<int>::max()));
}

bool EpollEventDispatcher::waitAndCollect(int timeoutMs, bool includeNotifiers)
{
    if (!includeNotifiers) {
        // Sockets stay registered with epoll (level-triggered, they would end the wait at
        // once), so a pass without notifiers waits on the wake-up descriptor alone.
        pollfd wake { m_wakeFd, POLLIN, 0 };
        if (::poll(&wake, 1, timeoutMs) > 0 && (wake.revents & POLLIN)) {
            drainWakeUps();
            return true;
        }
        return false;
    }
    applyChanges();
    int count = epoll_wait(m_epoll, m_events, int(std::size(m_events)), timeoutMs);
    if (count < 0) {
        if (errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait: %s", std::strerror(errno));
        count = 0;
    }
    bool woken = false;
    for (int i = 0; i < count; ++i) {
        const int fd = m_events[i].data.fd;
        if (fd == m_wakeFd) {
            drainWakeUps();
            woken = true;
        } else {
            collect(fd, m_events[i].events);
        }
    }
    for (const int fd : std::as_const(m_alwaysReady))
        collect(fd, EPOLLIN | EPOLLOUT); // what poll() says of a regular file
    return woken;
}

void EpollEventDispatcher::collect(int fd, quint32 events)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    for (int type = QSocketNotifier::Read; type <= QSocketNotifier::Exception; ++type) {
        const quint8 bit = quint8(1u << type);
        if (it->notifiers[type] && (events & wakes[type]) && !(it->pending & bit)) {
            it->pending |= bit;
            m_pending.append({ fd, type });
        }
    }
}

int EpollEventDispatcher::activateNotifiers()
{
    // Taken one at a time from the shared queue, so an event loop nested in a handler goes on
    // where this one stopped, and a notifier disabled or deleted meanwhile (its pending bit
    // cleared) is skipped.
    int activated = 0;
    while (!m_pending.isEmpty()) {
        const Activation next = m_pending.takeFirst();
        const auto it = m_watches.find(next.fd);
        const quint8 bit = quint8(1u << next.type);
        if (it == m_watches.end() || !(it->pending & bit))
            continue;
        it->pending &= quint8(~bit);
        QSocketNotifier* notifier = it->notifiers[next.type];
        if (!notifier)
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    return activated;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || !validType(type)) {
        qWarning("EpollEventDispatcher: invalid socket notifier (descriptor %d)", fd);
        return;
    }
    if (notifier->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher: socket notifiers cannot be enabled from another thread");
        return;
    }
    Watch& watch = m_watches[fd];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier)
        qWarning("EpollEventDispatcher: several notifiers of type %d for descriptor %d", type, fd);
    watch.notifiers[type] = notifier;
    markDirty(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || !validType(type))
        return;
    const auto it = m_watches.find(fd);
    if (it == m_watches.end() || it->notifiers[type] != notifier)
        return;
    it->notifiers[type] = nullptr;
    it->pending &= quint8(~(1u << type));
    if (wantedEvents(*it) != 0) {
        markDirty(fd, *it);
        return;
    }
    // At once, not at the next wait: the descriptor is usually closed right after, and a
    // registration must not outlive it (a later descriptor gets the same number).
    drop(fd, *it);
    m_watches.erase(it);
}

quint32 EpollEventDispatcher::wantedEvents(const Watch& watch)
{
    quint32 events = 0;
    for (int type = QSocketNotifier::Read; type <= QSocketNotifier::Exception; ++type) {
        if (watch.notifiers[type])
            events |= asked[type];
    }
    return events;
}

void EpollEventDispatcher::markDirty(int fd, Watch& watch)
{
    if (watch.dirty)
        return;
    watch.dirty = true;
    m_dirty.append(fd);
}

void EpollEventDispatcher::applyChanges()
{
    for (const int fd : std::as_const(m_dirty)) {
        const auto it = m_watches.find(fd);
        if (it == m_watches.end() || !it->dirty)
            continue;
        it->dirty = false;
        const quint32 wanted = wantedEvents(*it);
        if (it->alwaysReady || wanted == it->registered)
            continue;
        epoll_event event {};
        event.events = wanted;
        event.data.fd = fd;
        int op = it->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        int result = epoll_ctl(m_epoll, op, fd, &event);
        // The number was closed and reused without our notifiers being told (ENOENT), or is
        // still registered from before (EEXIST): say it the other way.
        if (result < 0 && (errno == ENOENT || errno == EEXIST)) {
            op = op == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
            result = epoll_ctl(m_epoll, op, fd, &event);
        }
        if (result == 0) {
            it->registered = wanted;
        } else if (errno == EPERM) {
            it->alwaysReady = true;
            m_alwaysReady.append(fd);
        } else {
            qWarning(
                "EpollEventDispatcher: cannot watch descriptor %d: %s", fd, std::strerror(errno));
        }
    }
    m_dirty.clear();
}

void EpollEventDispatcher::drop(int fd, Watch& watch)
{
    if (watch.registered) {
        epoll_event unused {}; // kernels before 2.6.9 wanted one
        // ENOENT and EBADF: already closed, and so already gone from the epoll set.
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &unused);
    }
    if (watch.alwaysReady)
        m_alwaysReady.removeOne(fd);
}

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject* object)
{
    if (timerId < 1 || interval < 0 || !object) {
        qWarning("EpollEventDispatcher: invalid timer");
        return;
    }
    if (object->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher: timers cannot be started from another thread");
        return;
    }
    m_timers.add(timerId, interval, timerType, object, TimerQueue::Clock::now());
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId);
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    return m_timers.removeAll(object);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject* object) const
{
    return m_timers.timersOf(object);
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    return m_timers.remainingMs(timerId, TimerQueue::Clock::now());
}

void EpollEventDispatcher::wakeUp()
{
    // One write per wait: further wake-ups before the dispatcher drains the counter are free.
    if (m_wakePending.exchange(true, std::memory_order_acq_rel))
        return;
    const quint64 one = 1;
    while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) { }
}

void EpollEventDispatcher::drainWakeUps()
{
    // Read first, then allow the next write: a wake-up in between finds the flag still set and
    // writes nothing, which is fine because this thread is awake and sends posted events next.
    quint64 count = 0;
    while (::read(m_wakeFd, &count, sizeof count) < 0 && errno == EINTR) { }
    m_wakePending.store(false, std::memory_order_release);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_relaxed);
    wakeUp();
}

} // namespace palaver::server
