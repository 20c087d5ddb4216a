// The palaver desktop client: sets the application up and loads Palaver.UI's Main.qml.

#include "protocol/qtcompat.h"
#include "rooms/notifier.h"
#include "session/clientsession.h"
#include "startupoptions.h"
#include "windowshot.h"

#ifdef PALAVER_HAS_DBUS_NOTIFICATIONS
#include "desktopnotifier.h"
#endif
#ifdef PALAVER_HAS_TRAY_NOTIFICATIONS
#include "traynotifier.h"
#include <QApplication>
#endif

#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTextStream>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Palaver_UIPlugin)

using namespace Qt::Literals::StringLiterals;

namespace {
#ifdef PALAVER_HAS_TRAY_NOTIFICATIONS
using Application = QApplication; // a QSystemTrayIcon needs QtWidgets' application object
#else
using Application = QGuiApplication;
#endif
} // namespace

int main(int argc, char* argv[])
{
    Application app(argc, argv);
    QGuiApplication::setApplicationName(u"palaver"_s);
    QGuiApplication::setOrganizationName(u"Palaver"_s);
    QGuiApplication::setApplicationVersion(QStringLiteral(PALAVER_VERSION));
    QGuiApplication::setDesktopFileName(u"palaver"_s);
    QGuiApplication::setWindowIcon(QIcon(u":/qt/qml/Palaver/UI/icons/palaver-256.png"_s));
    // The UI draws its own look on top of Basic; a platform style would fight it.
    QQuickStyle::setStyle(u"Basic"_s);

    const palaver::ui::ParsedCommandLine commandLine
        = palaver::ui::parseCommandLine(QCoreApplication::arguments());
    if (!commandLine.errorText.isEmpty()) {
        std::fprintf(stderr, "palaver: %s\n", qPrintable(commandLine.errorText));
        return 2;
    }
    if (commandLine.exitEarly) {
        std::fputs(qPrintable(commandLine.output), stdout);
        return 0;
    }
    const palaver::ui::StartupOptions& options = commandLine.options;
    // Before anything connects (the sign-in page checks the server as soon as it shows).
    if (!options.caFile.isEmpty()) {
        const QString error = palaver::ui::trustCaFile(options.caFile);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "palaver: %s\n", qPrintable(error));
            return 2;
        }
    }
    QString password;
    if (options.passwordFromStdin)
        password = QTextStream(stdin).readLine();

    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
#if PALAVER_QT_HAS_LOAD_FROM_MODULE
    engine.loadFromModule(u"Palaver.UI"_s, u"Main"_s);
#else
    engine.load(QUrl(u"qrc:/qt/qml/Palaver/UI/Main.qml"_s));
#endif
    auto* window = engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    auto* session = window ? qobject_cast<palaver::client::ClientSession*>(
                        window->property("session").value<QObject*>())
                           : nullptr;
    if (!window || !session) {
        std::fprintf(stderr, "palaver: the user interface could not be loaded\n");
        return 1;
    }

#ifdef PALAVER_HAS_DBUS_NOTIFICATIONS
    // The core decides what deserves a notification; the desktop shows it, and a click on it
    // opens that conversation in front.
    palaver::ui::DesktopNotifier desktopNotifier;
    palaver::client::Notifier* notifier = session->notifier();
    QObject::connect(notifier, &palaver::client::Notifier::notificationRequested, &desktopNotifier,
        &palaver::ui::DesktopNotifier::show);
    QObject::connect(&desktopNotifier, &palaver::ui::DesktopNotifier::activated, notifier,
        [notifier, window](const QString& convId) {
            notifier->activate(convId);
            window->show();
            window->raise();
            window->requestActivate();
        });
#elif defined(PALAVER_HAS_TRAY_NOTIFICATIONS)
    palaver::ui::TrayNotifier trayNotifier(QGuiApplication::windowIcon());
    palaver::client::Notifier* notifier = session->notifier();
    QObject::connect(notifier, &palaver::client::Notifier::notificationRequested, &trayNotifier,
        &palaver::ui::TrayNotifier::show);
    QObject::connect(&trayNotifier, &palaver::ui::TrayNotifier::activated, notifier,
        [notifier, window](const QString& convId) {
            notifier->activate(convId);
            window->show();
            window->raise();
            window->requestActivate();
        });
#endif

    palaver::ui::startSession(*session, options, password);

    if (!options.screenshotFile.isEmpty()) {
        QTimer::singleShot(options.screenshotDelayMs, &app, [&] {
            const QString error = palaver::ui::saveWindowImage(*window, options.screenshotFile);
            if (error.isEmpty())
                std::fprintf(stdout, "palaver: saved %s\n", qPrintable(options.screenshotFile));
            else
                std::fprintf(stderr, "palaver: %s\n", qPrintable(error));
            QCoreApplication::exit(error.isEmpty() ? 0 : 1);
        });
    }
    return QGuiApplication::exec();
}
