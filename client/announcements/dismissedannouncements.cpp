#include "announcements/dismissedannouncements.h"

#include <QSettings>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

std::unique_ptr<QSettings> settingsAt(const QString& file)
{
    return file.isEmpty() ? std::make_unique<QSettings>(u"Palaver"_s, u"palaver"_s)
                          : std::make_unique<QSettings>(file, QSettings::IniFormat);
}

} // namespace

void DismissedAnnouncements::setScope(const QString& settingsFile, const QString& serverKey)
{
    m_settingsFile = settingsFile;
    // A URL holds '/' and ':', which QSettings keys do not take well: hex keeps it plain.
    m_key = serverKey.isEmpty()
        ? QString()
        : u"announcements/dismissed/"_s + QString::fromLatin1(serverKey.toUtf8().toHex());
    m_ids.clear();
    if (m_key.isEmpty())
        return;
    m_ids = settingsAt(m_settingsFile)->value(m_key).toStringList();
    if (m_ids.size() > kMaxIds)
        m_ids = m_ids.mid(m_ids.size() - kMaxIds);
}

void DismissedAnnouncements::add(const QString& announcementId)
{
    if (m_ids.contains(announcementId))
        return;
    m_ids.append(announcementId);
    if (m_ids.size() > kMaxIds)
        m_ids.removeFirst();
    save();
}

void DismissedAnnouncements::save() const
{
    if (m_key.isEmpty())
        return;
    auto settings = settingsAt(m_settingsFile);
    settings->setValue(m_key, m_ids);
    settings->sync();
}

} // namespace palaver::client
