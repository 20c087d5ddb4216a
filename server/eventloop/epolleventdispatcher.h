#pragma once

#include "eventloop/timerqueue.h"

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>
#include <sys/epoll.h>

class QSocketNotifier;

namespace palaver::server {

/// A QAbstractEventDispatcher on Linux epoll, for threads that hold thousands of mostly idle
/// sockets. Qt 6.4's dispatchers (glib, and the UNIX one with QT_NO_GLIB) hand every socket to
/// poll() on every pass, so each pass costs O(sockets) even when one socket is ready; here a
/// socket costs nothing until it is ready.
///
/// Semantics follow Qt's QEventDispatcherUNIX: notifiers are level-triggered (a readable socket
/// that is not read fires again), the read, write and exception notifiers of one descriptor share
/// one epoll registration, hang-up and error wake all of them, a notifier disabled or deleted
/// during the pass is not activated; posted events are sent first in every pass; timers come from
/// a TimerQueue; wakeUp() and interrupt() are the only members callable from other threads (an
/// eventfd). Descriptors epoll refuses (regular files) are treated as always ready, as poll() does.
///
/// Qt 6.8 adds QAbstractEventDispatcherV2 (chrono timer ids); Qt still drives this V1 interface
/// through its compatibility wrappers there, so no version guard is needed.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    /// False if the kernel refused the epoll or eventfd descriptor (then use Qt's dispatcher).
    bool isValid() const { return m_epoll >= 0 && m_wakeFd >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;

    using QAbstractEventDispatcher::registerTimer;
    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject* object) override;
    using QAbstractEventDispatcher::unregisterTimer;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    using QAbstractEventDispatcher::remainingTime;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    /// Descriptors with an epoll registration (tests; a notifier set may share one).
    int watchedDescriptors() const { return int(m_watches.size()); }

private:
    /// The notifiers of one descriptor and what epoll was last told about it.
    struct Watch
    {
        QSocketNotifier* notifiers[3] = {}; ///< indexed by QSocketNotifier::Type
        quint32 registered = 0; ///< the events epoll has; 0: not added
        quint8 pending = 0; ///< bit per type: queued for activation in m_pending
        bool dirty = false; ///< in m_dirty
        bool alwaysReady = false; ///< epoll refused it (EPERM): polled as always ready
    };
    struct Activation
    {
        int fd;
        int type;
    };

    static quint32 wantedEvents(const Watch& watch);
    void markDirty(int fd, Watch& watch);
    /// Brings epoll up to date with the notifiers enabled since the last wait: a QTcpSocket
    /// that turns its write notifier on and off around each write costs no system call when
    /// both happen within one pass.
    void applyChanges();
    void drop(int fd, Watch& watch);
    bool waitAndCollect(int timeoutMs, bool includeNotifiers);
    void collect(int fd, quint32 events);
    int activateNotifiers();
    void drainWakeUps();
    int waitTimeoutMs(bool canWait, bool includeTimers, bool includeNotifiers) const;

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakePending { false };
    std::atomic<bool> m_interrupted { false };
    QHash<int, Watch> m_watches;
    QList<int> m_dirty;
    QList<int> m_alwaysReady;
    /// Notifiers found ready and not yet activated; shared with event loops nested in a handler.
    QList<Activation> m_pending;
    TimerQueue m_timers;
    epoll_event m_events[256];
};

} // namespace palaver::server
