#include "relativetime.h"

#include <QLocale>

namespace palaver::ui {

namespace {
constexpr int kRefreshMs = 30'000;
}

RelativeTime::RelativeTime(QObject* parent)
    : QObject(parent)
    , m_now(QDateTime::currentDateTime())
{
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_now = QDateTime::currentDateTime();
        Q_EMIT nowChanged();
    });
    m_timer.start();
}

QString RelativeTime::format(const QDateTime& when, const QDateTime& now)
{
    if (!when.isValid() || !now.isValid())
        return {};
    const QDateTime localWhen = when.toLocalTime();
    const QDateTime localNow = now.toLocalTime();
    const qint64 seconds = localWhen.secsTo(localNow);
    // A clock a little ahead of ours still reads as "just now".
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%n min ago", nullptr, int(seconds / 60));
    const qint64 days = localWhen.date().daysTo(localNow.date());
    if (days == 0)
        return tr("%n h ago", nullptr, int(seconds / 3600));
    if (days == 1)
        return tr("Yesterday");
    if (days < 7)
        return QLocale().dayName(localWhen.date().dayOfWeek(), QLocale::LongFormat);
    if (localWhen.date().year() == localNow.date().year())
        return QLocale().toString(localWhen.date(), u"d MMM");
    return QLocale().toString(localWhen.date(), u"d MMM yyyy");
}

QString RelativeTime::lastSeen(const QDateTime& when, const QDateTime& now)
{
    if (!when.isValid() || !now.isValid())
        return tr("Offline");
    const QDateTime localWhen = when.toLocalTime();
    const QDateTime localNow = now.toLocalTime();
    const qint64 seconds = localWhen.secsTo(localNow);
    const qint64 days = localWhen.date().daysTo(localNow.date());
    // The same words as format(), fitted into a sentence.
    if (seconds < 60)
        return tr("Last seen just now");
    if (seconds < 3600 || days == 0)
        return tr("Last seen %1").arg(format(when, now));
    if (days == 1)
        return tr("Last seen yesterday");
    if (days < 7)
        return tr("Last seen %1").arg(format(when, now));
    return tr("Last seen on %1").arg(format(when, now));
}

} // namespace palaver::ui
