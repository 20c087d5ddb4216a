#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace palaver::server {

class AnnouncementStore;
class Fanout;

/// The operator's announcements on their way to people: every signed-in connection gets a new
/// one at once, a connection that signs in gets the valid ones after its welcome, and a
/// withdrawn one is sent again with `expiresAt` in the past. `palaver-server announce` is
/// another process writing the store, so the store is polled (one small query every
/// pollIntervalMs). Lives in the hub's thread.
class Announcements : public QObject
{
    Q_OBJECT
public:
    static constexpr int pollIntervalMs = 2000;

    Announcements(AnnouncementStore& store, Fanout& fanout, QObject* parent = nullptr);

    /// Reads what is valid now (sent to nobody: those signed in already were told by the
    /// server that stored them, or will be told when they sign in) and starts polling.
    void start();
    /// Sends every valid announcement to one connection (right after its welcome).
    void sendTo(quint64 sessionId);
    /// Compares the store with what was valid at the last poll and tells everyone signed in.
    void poll();

private:
    AnnouncementStore& m_store;
    Fanout& m_fanout;
    QTimer m_pollTimer;
    QHash<QString, protocol::Announcement> m_valid; ///< by announcementId, at the last poll
};

} // namespace palaver::server
