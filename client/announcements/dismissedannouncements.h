#pragma once

#include <QString>
#include <QStringList>

namespace palaver::client {

/// The announcements a person dismissed on one server, remembered in the client's settings so a
/// reconnect or a restart does not show them again (announcement ids are stable per server).
/// Without a scope it remembers in memory only.
class DismissedAnnouncements
{
public:
    /// At most this many ids per server: the newest dismissals are kept.
    static constexpr qsizetype kMaxIds = 100;

    /// Remember for `serverKey` in `settingsFile` (empty: the user's Palaver settings); an empty
    /// `serverKey` remembers in memory only.
    void setScope(const QString& settingsFile, const QString& serverKey);
    bool contains(const QString& announcementId) const { return m_ids.contains(announcementId); }
    void add(const QString& announcementId);

private:
    void save() const;

    QString m_settingsFile;
    QString m_key;
    QStringList m_ids;
};

} // namespace palaver::client
