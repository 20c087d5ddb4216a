#pragma once

#include "notificationimage.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace palaver::ui {

/// Shows the client's notifications ("alice in Team: …") on the Linux desktop through the
/// freedesktop notification service (org.freedesktop.Notifications on the session bus), with
/// the app's icon and a "default" action: clicking the notification emits activated() with the
/// conversation it was about. Without a session bus or a notification service it does nothing
/// and says so once in the log. main.cpp connects it to the core's Notifier.
class DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    /// Uses the user's session bus.
    explicit DesktopNotifier(QObject* parent = nullptr);
    /// Uses `bus` (tests give a private one).
    explicit DesktopNotifier(const QDBusConnection& bus, QObject* parent = nullptr);

    /// The picture sent as the "image-data" hint (default: the app's 256 px icon).
    void setIcon(const QImage& icon);

public Q_SLOTS:
    /// Shows one notification about conversation `convId`; `body` is plain text.
    void show(const QString& convId, const QString& title, const QString& body);

Q_SIGNALS:
    /// The user clicked a notification about `convId`.
    void activated(const QString& convId);
    /// A notification could not be shown (no session bus, no notification service). Emitted
    /// every time; the log says it once.
    void unavailable(const QString& why);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString& actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    struct Pending
    {
        QString convId;
        QString title;
        QString body;
    };

    /// Asks the service what it can do; the notifications waiting for the answer go then.
    void queryCapabilities();
    void send(const Pending& notification);
    /// Says why notifications are off: unavailable() every time, the log the first time only
    /// (it would repeat on every message).
    void reportUnavailable(const QString& why);

    QDBusConnection m_bus;
    NotificationImage m_icon;
    /// Notifications waiting for the capabilities (whether the body is read as markup).
    QList<Pending> m_waiting;
    /// Shown notifications by the id the service gave them: which conversation each opens.
    QHash<uint, QString> m_conversations;
    bool m_querying = false;
    bool m_capabilitiesKnown = false;
    bool m_bodyMarkup = false;
    bool m_reported = false;
};

} // namespace palaver::ui
