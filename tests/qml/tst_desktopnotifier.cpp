// DesktopNotifier against a fake notification service on a private D-Bus session bus: the
// Notify call it makes (summary, body, icon name, the icon's pixels, the "default" action), a
// click (ActionInvoked) opening the right conversation, and a bus without the service.

#include "desktopnotifier.h"
#include "notificationimage.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::ui::DesktopNotifier;
using palaver::ui::NotificationImage;

namespace {
const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;
} // namespace

/// The notification service's side: records every Notify call and answers ids 101, 102, …
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
        uint id = 0;
    };

    QList<Call> calls;
    QStringList capabilities { u"actions"_s, u"body"_s, u"body-markup"_s };

public Q_SLOTS:
    QStringList GetCapabilities() { return capabilities; }

    uint Notify(const QString& appName, uint replacesId, const QString& appIcon,
        const QString& summary, const QString& body, const QStringList& actions,
        const QVariantMap& hints, int expireTimeout)
    {
        const uint id = 101 + uint(calls.size());
        calls << Call { appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout,
            id };
        Q_EMIT notified();
        return id;
    }

Q_SIGNALS:
    void notified();
};

class TestDesktopNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void notifyCarriesTitleBodyIconAndTheDefaultAction();
    void bodyIsEscapedOnlyWhenTheServiceReadsMarkup();
    void clickOpensTheConversationItWasAbout();
    void closedNotificationsAreForgotten();
    void withoutTheServiceItSaysSoOnce();

private:
    /// Sends a signal of the notification interface from the service's connection.
    void emitServiceSignal(const QString& name, const QVariantList& arguments);
    static void recordLog(
        QtMsgType type, const QMessageLogContext& context, const QString& message);

    /// What the notifier logged while recordLog was installed.
    static QStringList s_logged;

    QProcess m_daemon;
    QTemporaryDir m_dir;
    QString m_address;
    std::unique_ptr<FakeNotifications> m_fake;
    int m_round = 0;
};

void TestDesktopNotifier::initTestCase()
{
    const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed (Debian package dbus): the notifier is not tested");
    QVERIFY(m_dir.isValid());
    // A bus of our own with no service files, so nothing real (a notification daemon installed
    // on this machine) is ever activated on it.
    const QString config = m_dir.filePath(u"bus.conf"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=)"
        + m_dir.path().toUtf8() + R"(</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)");
    file.close();
    m_daemon.start(
        daemon, { u"--config-file=%1"_s.arg(config), u"--print-address"_s, u"--nofork"_s });
    QVERIFY2(m_daemon.waitForStarted(5000), qPrintable(m_daemon.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_daemon.canReadLine(), 5000);
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    QVERIFY(!m_address.isEmpty());
}

void TestDesktopNotifier::cleanupTestCase()
{
    if (m_daemon.state() == QProcess::NotRunning)
        return;
    m_daemon.terminate();
    m_daemon.waitForFinished(5000);
}

void TestDesktopNotifier::init()
{
    // Fresh connections per test (D-Bus connections are shared by name within the process).
    ++m_round;
    QDBusConnection service
        = QDBusConnection::connectToBus(m_address, u"service-%1"_s.arg(m_round));
    QVERIFY(service.isConnected());
    m_fake = std::make_unique<FakeNotifications>();
    QVERIFY(service.registerObject(kPath, m_fake.get(), QDBusConnection::ExportAllSlots));
    QVERIFY(service.registerService(kService));
    QDBusConnection client = QDBusConnection::connectToBus(m_address, u"client-%1"_s.arg(m_round));
    QVERIFY(client.isConnected());
}

void TestDesktopNotifier::cleanup()
{
    QDBusConnection service(u"service-%1"_s.arg(m_round));
    service.unregisterService(kService);
    service.unregisterObject(kPath);
    QDBusConnection::disconnectFromBus(u"service-%1"_s.arg(m_round));
    QDBusConnection::disconnectFromBus(u"client-%1"_s.arg(m_round));
    m_fake.reset();
}

void TestDesktopNotifier::emitServiceSignal(const QString& name, const QVariantList& arguments)
{
    QDBusMessage signal = QDBusMessage::createSignal(kPath, kService, name);
    signal.setArguments(arguments);
    QVERIFY(QDBusConnection(u"service-%1"_s.arg(m_round)).send(signal));
}

void TestDesktopNotifier::notifyCarriesTitleBodyIconAndTheDefaultAction()
{
    DesktopNotifier notifier(QDBusConnection(u"client-%1"_s.arg(m_round)));
    QSignalSpy notified(m_fake.get(), &FakeNotifications::notified);
    notifier.show(u"conv-team"_s, u"alice in Team"_s, u"Lunch at noon?"_s);
    QTRY_COMPARE(notified.count(), 1);

    const FakeNotifications::Call& call = m_fake->calls.first();
    QCOMPARE(call.appName, u"Palaver"_s);
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.appIcon, u"palaver"_s);
    QCOMPARE(call.summary, u"alice in Team"_s);
    QCOMPARE(call.body, u"Lunch at noon?"_s);
    QCOMPARE(call.actions.size(), 2);
    QCOMPARE(call.actions.first(), u"default"_s);
    QCOMPARE(call.expireTimeout, -1);
    QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), u"palaver"_s);

    // The icon's pixels travel with it, so it shows even when the app is not installed.
    QVERIFY(call.hints.contains(u"image-data"_s));
    NotificationImage image;
    qvariant_cast<QDBusArgument>(call.hints.value(u"image-data"_s)) >> image;
    QCOMPARE(image.width, 256);
    QCOMPARE(image.height, 256);
    QCOMPARE(image.channels, 4);
    QVERIFY(image.hasAlpha);
    QCOMPARE(image.bitsPerSample, 8);
    QVERIFY(image.rowStride >= 256 * 4);
    QCOMPARE(image.data.size(), qsizetype(image.rowStride) * 256);
    // Not a blank square: the icon itself.
    const QImage expected = QImage(u":/qt/qml/Palaver/UI/icons/palaver-256.png"_s)
                                .convertToFormat(QImage::Format_RGBA8888);
    QCOMPARE(image.data,
        QByteArray(reinterpret_cast<const char*>(expected.constBits()), expected.sizeInBytes()));
}

void TestDesktopNotifier::bodyIsEscapedOnlyWhenTheServiceReadsMarkup()
{
    QSignalSpy notified(m_fake.get(), &FakeNotifications::notified);
    {
        DesktopNotifier notifier(QDBusConnection(u"client-%1"_s.arg(m_round)));
        notifier.show(u"conv-a"_s, u"bob"_s, u"a <b>tag</b> & more"_s);
        QTRY_COMPARE(notified.count(), 1);
        QCOMPARE(m_fake->calls.at(0).body, u"a &lt;b&gt;tag&lt;/b&gt; &amp; more"_s);
    }
    m_fake->capabilities = { u"actions"_s, u"body"_s };
    DesktopNotifier plain(QDBusConnection(u"client-%1"_s.arg(m_round)));
    plain.show(u"conv-a"_s, u"bob"_s, u"a <b>tag</b> & more"_s);
    QTRY_COMPARE(notified.count(), 2);
    QCOMPARE(m_fake->calls.at(1).body, u"a <b>tag</b> & more"_s);
}

void TestDesktopNotifier::clickOpensTheConversationItWasAbout()
{
    DesktopNotifier notifier(QDBusConnection(u"client-%1"_s.arg(m_round)));
    QSignalSpy notified(m_fake.get(), &FakeNotifications::notified);
    QSignalSpy activated(&notifier, &DesktopNotifier::activated);
    notifier.show(u"conv-one"_s, u"alice in One"_s, u"first"_s);
    notifier.show(u"conv-two"_s, u"bob"_s, u"second"_s);
    QTRY_COMPARE(notified.count(), 2);
    const uint second = m_fake->calls.at(1).id;

    // Another application's notification, and another action of ours: not a click on ours.
    emitServiceSignal(u"ActionInvoked"_s, { QVariant(uint(999)), QVariant(u"default"_s) });
    emitServiceSignal(u"ActionInvoked"_s, { QVariant(second), QVariant(u"reply"_s) });
    emitServiceSignal(u"ActionInvoked"_s, { QVariant(second), QVariant(u"default"_s) });
    QTRY_COMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), u"conv-two"_s);

    emitServiceSignal(
        u"ActionInvoked"_s, { QVariant(m_fake->calls.at(0).id), QVariant(u"default"_s) });
    QTRY_COMPARE(activated.count(), 2);
    QCOMPARE(activated.at(1).first().toString(), u"conv-one"_s);
}

void TestDesktopNotifier::closedNotificationsAreForgotten()
{
    DesktopNotifier notifier(QDBusConnection(u"client-%1"_s.arg(m_round)));
    QSignalSpy notified(m_fake.get(), &FakeNotifications::notified);
    QSignalSpy activated(&notifier, &DesktopNotifier::activated);
    notifier.show(u"conv-one"_s, u"alice in One"_s, u"first"_s);
    QTRY_COMPARE(notified.count(), 1);
    const uint id = m_fake->calls.at(0).id;
    // The service reuses nothing it still shows, but may reuse an id once it is closed: a later
    // click on that id must not open this conversation.
    emitServiceSignal(u"NotificationClosed"_s, { QVariant(id), QVariant(uint(2)) });
    emitServiceSignal(u"ActionInvoked"_s, { QVariant(id), QVariant(u"default"_s) });
    // A click on a live one afterwards proves both signals were delivered in order.
    notifier.show(u"conv-two"_s, u"bob"_s, u"second"_s);
    QTRY_COMPARE(notified.count(), 2);
    emitServiceSignal(
        u"ActionInvoked"_s, { QVariant(m_fake->calls.at(1).id), QVariant(u"default"_s) });
    QTRY_COMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), u"conv-two"_s);
}

void TestDesktopNotifier::withoutTheServiceItSaysSoOnce()
{
    QDBusConnection service(u"service-%1"_s.arg(m_round));
    QVERIFY(service.unregisterService(kService));
    QDBusConnection client(u"client-%1"_s.arg(m_round));
    QTRY_VERIFY(!client.interface()->isServiceRegistered(kService).value());

    s_logged.clear();
    const QtMessageHandler previous = qInstallMessageHandler(&TestDesktopNotifier::recordLog);
    {
        DesktopNotifier notifier(client);
        QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
        notifier.show(u"conv-one"_s, u"alice in One"_s, u"first"_s);
        QTRY_COMPARE(unavailable.count(), 1);
        // Tried again (a service may start later), failing as quietly as the first was said.
        notifier.show(u"conv-two"_s, u"bob"_s, u"second"_s);
        QTRY_COMPARE(unavailable.count(), 2);

        // No bus at all: nothing to call, said once as well.
        DesktopNotifier noBus(QDBusConnection(u"no-such-connection"_s));
        QSignalSpy noBusUnavailable(&noBus, &DesktopNotifier::unavailable);
        noBus.show(u"conv-one"_s, u"alice"_s, u"hi"_s);
        noBus.show(u"conv-one"_s, u"alice"_s, u"again"_s);
        QCOMPARE(noBusUnavailable.count(), 2);
        QCOMPARE(noBusUnavailable.first().first().toString(), u"no D-Bus session bus"_s);
    }
    qInstallMessageHandler(previous);
    QVERIFY(m_fake->calls.isEmpty());
    QCOMPARE(s_logged.size(), 2); // one per notifier
    QVERIFY2(s_logged.at(0).startsWith(u"desktop notifications are unavailable: "_s),
        qPrintable(s_logged.at(0)));
    QCOMPARE(s_logged.at(1), u"desktop notifications are unavailable: no D-Bus session bus"_s);
}

QStringList TestDesktopNotifier::s_logged;

void TestDesktopNotifier::recordLog(
    QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtInfoMsg && qstrcmp(context.category, "palaver.notifications") == 0)
        s_logged << message;
}

QTEST_GUILESS_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
