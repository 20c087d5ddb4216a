#pragma once

#include "announcements/dismissedannouncements.h"
#include "protocol/messages.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QTimer>

#include <functional>

namespace palaver::client {

/// The operator's announcements that are valid now and not dismissed (`session.announcements`):
/// the banners at the top of the window. An `announcement` message adds or updates one by its
/// id; one whose `expiresAt` has passed (a withdrawal is sent that way) goes at once, the others
/// when they expire (one timer for the soonest, never a poll). Warnings come first, then the
/// newest. Dismissed ids are remembered (DismissedAnnouncements) and not shown again.
class AnnouncementListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        AnnouncementIdRole = Qt::UserRole + 1,
        /// "info" or "warning".
        LevelRole,
        IsWarningRole,
        /// Plain text, never markup.
        TextRole,
        CreatedAtRole,
        /// Invalid: until withdrawn.
        ExpiresAtRole,
    };
    Q_ENUM(Role)

    /// At most this many at once (a hostile server could send thousands): the oldest goes.
    static constexpr int kMaxAnnouncements = 20;
    /// The protocol's bound on `text`; longer text is cut.
    static constexpr int kMaxTextLength = 2000;

    using Clock = std::function<QDateTime()>;

    explicit AnnouncementListModel(QObject* parent = nullptr);

    /// What "now" is (UTC); tests give their own.
    void setClock(Clock clock);
    /// Where dismissals are remembered (see DismissedAnnouncements::setScope).
    void setDismissalScope(const QString& settingsFile, const QString& serverKey);

    /// An `announcement` from the server.
    void handle(const protocol::Announcement& announcement);
    /// Forgets every announcement shown (a new sign-in: the server sends the valid ones again).
    void clear();
    /// The person closed the banner: gone now and after a reconnect or a restart.
    Q_INVOKABLE void dismiss(const QString& announcementId);
    /// Drops what has expired by the clock and sets the timer for the next expiry.
    void expire();
    /// Milliseconds until the expiry timer fires (-1 when it does not run).
    int timerRemainingMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }
    const QList<protocol::Announcement>& announcements() const { return m_items; }

    int count() const { return int(m_items.size()); }
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    int rowOf(const QString& announcementId) const;
    int insertPosition(const protocol::Announcement& announcement) const;
    void removeRow(int row);
    bool expired(const protocol::Announcement& announcement) const;
    void armTimer();

    QList<protocol::Announcement> m_items;
    DismissedAnnouncements m_dismissed;
    Clock m_clock;
    QTimer m_timer;
};

} // namespace palaver::client
