#include "desktopnotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcNotifications, "palaver.notifications")

namespace palaver::ui {

namespace {
const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;
const QString kInterface = u"org.freedesktop.Notifications"_s;
const QString kDefaultAction = u"default"_s;
const QString kIconResource = u":/qt/qml/Palaver/UI/icons/palaver-256.png"_s;
} // namespace

DesktopNotifier::DesktopNotifier(QObject* parent)
    : DesktopNotifier(QDBusConnection::sessionBus(), parent)
{ }

DesktopNotifier::DesktopNotifier(const QDBusConnection& bus, QObject* parent)
    : QObject(parent)
    , m_bus(bus)
    , m_icon(NotificationImage::fromImage(QImage(kIconResource)))
{
    NotificationImage::registerMetaType();
    if (!m_bus.isConnected())
        return; // said when the first notification asks for it
    m_bus.connect(kService, kPath, kInterface, u"ActionInvoked"_s, this,
        SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(kService, kPath, kInterface, u"NotificationClosed"_s, this,
        SLOT(onNotificationClosed(uint, uint)));
}

void DesktopNotifier::setIcon(const QImage& icon)
{
    m_icon = NotificationImage::fromImage(icon);
}

void DesktopNotifier::show(const QString& convId, const QString& title, const QString& body)
{
    if (!m_bus.isConnected()) {
        reportUnavailable(u"no D-Bus session bus"_s);
        return;
    }
    const Pending notification { convId, title, body };
    if (m_capabilitiesKnown) {
        send(notification);
        return;
    }
    m_waiting << notification;
    queryCapabilities();
}

void DesktopNotifier::queryCapabilities()
{
    if (m_querying)
        return;
    m_querying = true;
    // Asynchronous everywhere: a blocking call would freeze the window while the service starts.
    const QDBusMessage call
        = QDBusMessage::createMethodCall(kService, kPath, kInterface, u"GetCapabilities"_s);
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        m_querying = false;
        const QDBusPendingReply<QStringList> reply = *w;
        const QList<Pending> waiting = std::exchange(m_waiting, {});
        if (reply.isError()) {
            // Asked again with the next notification: a notification service may start later.
            reportUnavailable(reply.error().message());
            return;
        }
        m_capabilitiesKnown = true;
        m_bodyMarkup = reply.value().contains(u"body-markup"_s);
        for (const Pending& notification : waiting)
            send(notification);
    });
}

void DesktopNotifier::send(const Pending& notification)
{
    // With body-markup the service reads the body as a subset of HTML: "<b>" in a chat message
    // must show as typed, not vanish.
    const QString body = m_bodyMarkup ? notification.body.toHtmlEscaped() : notification.body;
    QVariantMap hints;
    hints.insert(u"image-data"_s, QVariant::fromValue(m_icon));
    hints.insert(u"desktop-entry"_s, u"palaver"_s);
    hints.insert(u"category"_s, u"im.received"_s);

    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, u"Notify"_s);
    call << u"Palaver"_s // app_name
         << uint(0) // replaces_id: a new one
         << u"palaver"_s // app_icon: the installed theme icon, when there is one
         << notification.title << body
         << QStringList { kDefaultAction, tr("Open") } // actions: the click opens the chat
         << hints << int(-1); // expire_timeout: the service's default
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    const QString convId = notification.convId;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, convId](QDBusPendingCallWatcher* w) {
            w->deleteLater();
            const QDBusPendingReply<uint> reply = *w;
            if (reply.isError()) {
                reportUnavailable(reply.error().message());
                return;
            }
            m_conversations.insert(reply.value(), convId);
        });
}

void DesktopNotifier::onActionInvoked(uint id, const QString& actionKey)
{
    // Every client of the service hears every ActionInvoked: only ours are in the table.
    const auto it = m_conversations.constFind(id);
    if (it == m_conversations.constEnd() || actionKey != kDefaultAction)
        return;
    Q_EMIT activated(it.value());
}

void DesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    m_conversations.remove(id);
}

void DesktopNotifier::reportUnavailable(const QString& why)
{
    if (!std::exchange(m_reported, true))
        qCInfo(lcNotifications, "desktop notifications are unavailable: %s", qPrintable(why));
    Q_EMIT unavailable(why);
}

} // namespace palaver::ui
