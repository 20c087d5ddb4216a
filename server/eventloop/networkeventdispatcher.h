#pragma once

#include <QString>

class QAbstractEventDispatcher;

namespace palaver::server {

/// Which event dispatcher the network worker threads run on. `epoll` (the default on Linux):
/// EpollEventDispatcher, whose cost does not grow with idle connections; `qt`: Qt's default
/// for the platform (glib or poll on Linux), the fallback if the epoll one misbehaves. Chosen by
/// the environment variable PALAVER_EVENT_DISPATCHER, read once per call.
struct NetworkEventDispatcher
{
    static constexpr const char* environmentVariable = "PALAVER_EVENT_DISPATCHER";

    /// A new dispatcher for QThread::setEventDispatcher (before start), or null for Qt's default
    /// (asked for, not Linux, or epoll unavailable). `chosen` (optional) names what was picked.
    static QAbstractEventDispatcher* create(QString* chosen = nullptr);
};

} // namespace palaver::server
