#pragma once

#include <QObject>
#include <QString>
#include <QSystemTrayIcon>

namespace palaver::ui {

/// Shows the client's notifications on Windows and macOS, where there is no freedesktop service:
/// a system-tray icon (the app's) and its balloon / notification-centre message. Clicking the
/// message emits activated() with the conversation it was about. Needs a QApplication
/// (QtWidgets); main.cpp makes one when this notifier is built.
class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(const QIcon& icon, QObject* parent = nullptr);

public Q_SLOTS:
    /// Shows one notification about conversation `convId`; `body` is plain text.
    void show(const QString& convId, const QString& title, const QString& body);

Q_SIGNALS:
    /// The user clicked the latest notification, about `convId`.
    void activated(const QString& convId);

private:
    QSystemTrayIcon m_tray;
    /// The system shows one message at a time: a click is about the latest.
    QString m_latestConvId;
    bool m_reported = false;
};

} // namespace palaver::ui
