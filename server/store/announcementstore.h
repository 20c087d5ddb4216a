#pragma once

#include "protocol/messages.h"

#include <QList>
#include <optional>

namespace palaver::server {

class Database;

/// The operator's announcements (`palaver-server announce`). Written by the admin command,
/// read by the running server, which polls it (another process writes the same file).
class AnnouncementStore
{
public:
    /// Announcements that hold at once, at most: each is a banner on every client and a frame
    /// after every sign-in (clients keep as many).
    static constexpr int maxValid = 20;

    explicit AnnouncementStore(Database& database);

    /// Stores a new announcement; its id is the table's row id. Nothing, with `error` set, on a
    /// store error or when maxValid hold already.
    std::optional<protocol::Announcement> add(protocol::AnnouncementLevel level,
        const QString& text, const QDateTime& expiresAt, QString* error);
    /// Marks it withdrawn now; false when there is no such announcement (or the store failed).
    bool withdraw(const QString& announcementId);
    /// The ones that hold at `now`: not withdrawn and not expired, oldest first.
    std::optional<QList<protocol::Announcement>> valid(const QDateTime& now);
    /// Every one not withdrawn, expired ones too (for `announce list`), oldest first.
    QList<protocol::Announcement> all();

private:
    std::optional<QList<protocol::Announcement>> select(const QString& where, const QDateTime& now);

    Database& m_db;
};

} // namespace palaver::server
