#include "traynotifier.h"

namespace palaver::ui {

TrayNotifier::TrayNotifier(const QIcon& icon, QObject* parent)
    : QObject(parent)
    , m_tray(icon)
{
    m_tray.setToolTip(QStringLiteral("Palaver"));
    connect(&m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (!m_latestConvId.isEmpty())
            Q_EMIT activated(m_latestConvId);
    });
    connect(&m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason) {
        if (!m_latestConvId.isEmpty())
            Q_EMIT activated(m_latestConvId);
    });
}

void TrayNotifier::show(const QString& convId, const QString& title, const QString& body)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_reported)
            qInfo("palaver: no system tray here, so no desktop notifications");
        m_reported = true;
        return;
    }
    // The icon appears with the first notification, not at start: nothing to show before.
    m_tray.show();
    m_latestConvId = convId;
    m_tray.showMessage(title, body, m_tray.icon());
}

} // namespace palaver::ui
