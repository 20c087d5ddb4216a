#include "announcements/announcementlistmodel.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
// The timer is set for at most this long and then looks again, so a far expiry needs no
// interval past QTimer's range and a clock that jumps is noticed within the hour.
constexpr qint64 kMaxTimerMs = 60 * 60 * 1000;

bool before(const protocol::Announcement& a, const protocol::Announcement& b)
{
    const bool aWarns = a.level == protocol::AnnouncementLevel::Warning;
    const bool bWarns = b.level == protocol::AnnouncementLevel::Warning;
    if (aWarns != bWarns)
        return aWarns;
    return a.createdAt > b.createdAt;
}
} // namespace

AnnouncementListModel::AnnouncementListModel(QObject* parent)
    : QAbstractListModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AnnouncementListModel::expire);
}

void AnnouncementListModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    expire();
}

void AnnouncementListModel::setDismissalScope(const QString& settingsFile, const QString& serverKey)
{
    m_dismissed.setScope(settingsFile, serverKey);
}

void AnnouncementListModel::handle(const protocol::Announcement& incoming)
{
    protocol::Announcement announcement = incoming;
    announcement.text.truncate(kMaxTextLength);
    const int existing = rowOf(announcement.announcementId);
    if (expired(announcement) || m_dismissed.contains(announcement.announcementId)) {
        if (existing >= 0)
            removeRow(existing); // withdrawn (or dismissed on another run)
        armTimer();
        return;
    }
    if (existing >= 0) {
        // Updated in place when it keeps its place; moved (out and in again) when it does not.
        m_items.replace(existing, announcement);
        const bool inOrder = (existing == 0 || !before(announcement, m_items.at(existing - 1)))
            && (existing + 1 == m_items.size() || !before(m_items.at(existing + 1), announcement));
        if (inOrder) {
            Q_EMIT dataChanged(index(existing), index(existing));
            armTimer();
            return;
        }
        removeRow(existing);
    }
    if (m_items.size() >= kMaxAnnouncements) {
        int oldest = 0;
        for (int row = 1; row < m_items.size(); ++row) {
            if (m_items.at(row).createdAt < m_items.at(oldest).createdAt)
                oldest = row;
        }
        removeRow(oldest);
    }
    const int row = insertPosition(announcement);
    beginInsertRows({}, row, row);
    m_items.insert(row, announcement);
    endInsertRows();
    Q_EMIT countChanged();
    armTimer();
}

void AnnouncementListModel::clear()
{
    m_timer.stop();
    if (m_items.isEmpty())
        return;
    beginResetModel();
    m_items.clear();
    endResetModel();
    Q_EMIT countChanged();
}

void AnnouncementListModel::dismiss(const QString& announcementId)
{
    m_dismissed.add(announcementId);
    const int row = rowOf(announcementId);
    if (row >= 0)
        removeRow(row);
    armTimer();
}

void AnnouncementListModel::expire()
{
    for (int row = int(m_items.size()) - 1; row >= 0; --row) {
        if (expired(m_items.at(row)))
            removeRow(row);
    }
    armTimer();
}

int AnnouncementListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant AnnouncementListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::Announcement& a = m_items.at(index.row());
    switch (role) {
    case AnnouncementIdRole:
        return a.announcementId;
    case LevelRole:
        return a.level == protocol::AnnouncementLevel::Warning ? u"warning"_s : u"info"_s;
    case IsWarningRole:
        return a.level == protocol::AnnouncementLevel::Warning;
    case Qt::DisplayRole:
    case TextRole:
        return a.text;
    case CreatedAtRole:
        return a.createdAt;
    case ExpiresAtRole:
        return a.expiresAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> AnnouncementListModel::roleNames() const
{
    return {
        { AnnouncementIdRole, "announcementId" },
        { LevelRole, "level" },
        { IsWarningRole, "isWarning" },
        { TextRole, "text" },
        { CreatedAtRole, "createdAt" },
        { ExpiresAtRole, "expiresAt" },
    };
}

int AnnouncementListModel::rowOf(const QString& announcementId) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).announcementId == announcementId)
            return row;
    }
    return -1;
}

int AnnouncementListModel::insertPosition(const protocol::Announcement& announcement) const
{
    int row = 0;
    while (row < m_items.size() && !before(announcement, m_items.at(row)))
        ++row;
    return row;
}

void AnnouncementListModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

bool AnnouncementListModel::expired(const protocol::Announcement& announcement) const
{
    return announcement.expiresAt.isValid() && announcement.expiresAt <= m_clock();
}

void AnnouncementListModel::armTimer()
{
    const QDateTime now = m_clock();
    qint64 soonest = -1;
    for (const auto& a : std::as_const(m_items)) {
        if (!a.expiresAt.isValid())
            continue;
        const qint64 ms = std::max<qint64>(0, now.msecsTo(a.expiresAt));
        if (soonest < 0 || ms < soonest)
            soonest = ms;
    }
    if (soonest < 0) {
        m_timer.stop();
        return;
    }
    // +1: QDateTime counts whole milliseconds; firing a hair late keeps expired() true.
    m_timer.start(int(std::min(soonest + 1, kMaxTimerMs)));
}

} // namespace palaver::client
