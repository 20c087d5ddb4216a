#include "chat/announcements.h"

#include "chat/fanout.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "store/announcementstore.h"

#include <algorithm>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

Announcements::Announcements(AnnouncementStore& store, Fanout& fanout, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
{
    m_pollTimer.setInterval(pollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &Announcements::poll);
}

void Announcements::start()
{
    if (const auto valid = m_store.valid(QDateTime::currentDateTimeUtc())) {
        for (const Announcement& announcement : *valid)
            m_valid.insert(announcement.announcementId, announcement);
    }
    m_pollTimer.start();
}

void Announcements::sendTo(quint64 sessionId)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Announcement> valid = m_valid.values();
    std::sort(valid.begin(), valid.end(), [](const Announcement& a, const Announcement& b) {
        return a.announcementId.toLongLong() < b.announcementId.toLongLong();
    });
    for (const Announcement& announcement : std::as_const(valid)) {
        if (!announcement.expiresAt.isValid() || announcement.expiresAt > now)
            m_fanout.reply(sessionId, announcement);
    }
}

void Announcements::poll()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto valid = m_store.valid(now);
    if (!valid)
        return; // the store logged it; the next poll tries again
    QHash<QString, Announcement> current;
    for (const Announcement& announcement : *valid) {
        current.insert(announcement.announcementId, announcement);
        if (m_valid.contains(announcement.announcementId))
            continue;
        LogEvent(lcChat(), QtInfoMsg,
            u"announcement %1 (%2) to everyone: %3"_s.arg(announcement.announcementId,
                wireName(announcement.level), announcement.text.left(200)))
            .field("event", u"announcement"_s)
            .field("announcementId", announcement.announcementId);
        m_fanout.toEveryone(announcement);
    }
    for (const Announcement& before : std::as_const(m_valid)) {
        if (current.contains(before.announcementId))
            continue;
        if (before.expiresAt.isValid() && before.expiresAt <= now)
            continue; // expired: clients drop it on their own
        // Withdrawn: said again, expired a moment ago.
        Announcement withdrawn = before;
        withdrawn.expiresAt = now.addMSecs(-1);
        qCInfo(lcChat, "announcement %s withdrawn", qUtf8Printable(before.announcementId));
        m_fanout.toEveryone(withdrawn);
    }
    m_valid = current;
}

} // namespace palaver::server
