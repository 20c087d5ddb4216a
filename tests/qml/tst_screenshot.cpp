// Loads the real Main.qml offscreen, lets it render, grabs the window and checks the picture is
// a drawn window (right size, not one flat colour). The PNG is kept in the build folder.

#include "session/clientsession.h"
#include "session/sessionstore.h"
#include "windowshot.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Palaver_UIPlugin)

using namespace Qt::Literals::StringLiterals;

namespace {
/// The item named `name` among the visual descendants of `item` (a Repeater's delegates are
/// not QObject children of anything findChild() walks).
QQuickItem* findItem(QQuickItem* item, const QString& name)
{
    if (!item || item->objectName() == name)
        return item;
    for (QQuickItem* child : item->childItems()) {
        if (QQuickItem* found = findItem(child, name))
            return found;
    }
    return nullptr;
}
} // namespace

class TestScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mainWindowRendersTheSignInPage();
    void theSignInPageWarnsAboutAPlainAddressToAnotherMachine();
    void theMainWindowShowsAnnouncementsAboveTheChat();
};

void TestScreenshot::initTestCase()
{
    // The session remembers itself in QSettings: keep the user's own settings out of it.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"palaver-tests"_s);
    QCoreApplication::setApplicationName(u"tst_screenshot"_s);
    QQuickStyle::setStyle(u"Basic"_s);
}

void TestScreenshot::mainWindowRendersTheSignInPage()
{
    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
    engine.load(QUrl(u"qrc:/qt/qml/Palaver/UI/Main.qml"_s));
    QCOMPARE(engine.rootObjects().size(), 1);
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QVERIFY(window);
    QSignalSpy frames(window, &QQuickWindow::frameSwapped);
    QVERIFY(QTest::qWaitForWindowExposed(window, 5000));
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 5000);

    const QImage image = palaver::ui::grabWindowImage(*window);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), (QSizeF(window->size()) * window->devicePixelRatio()).toSize());
    QCOMPARE(window->size(), QSize(1100, 720));

    // A blank window is one colour; the sign-in page has a card, text, fields and the icon.
    QSet<QRgb> colours;
    int drawn = 0;
    const QRgb background = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb pixel = image.pixel(x, y);
            colours.insert(pixel);
            if (pixel != background)
                ++drawn;
        }
    }
    QVERIFY2(colours.size() > 20, qPrintable(u"only %1 colours"_s.arg(colours.size())));
    QVERIFY2(drawn > 1000, qPrintable(u"only %1 drawn pixels"_s.arg(drawn)));

    const QString path
        = QDir::cleanPath(QStringLiteral(PALAVER_BIN_DIR) + u"/../screenshots/main-window.png"_s);
    const QString error = palaver::ui::saveWindowImage(*window, path);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    qInfo("screenshot saved to %s", qPrintable(path));
}

void TestScreenshot::theSignInPageWarnsAboutAPlainAddressToAnotherMachine()
{
    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
    engine.load(QUrl(u"qrc:/qt/qml/Palaver/UI/Main.qml"_s));
    QCOMPARE(engine.rootObjects().size(), 1);
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window, 5000));
    auto* server = window->findChild<QObject*>(u"serverField"_s);
    auto* user = window->findChild<QObject*>(u"userField"_s);
    auto* warning = window->findChild<QQuickItem*>(u"insecureWarning"_s);
    QVERIFY(server && user && warning);
    QVERIFY(!warning->isVisible());
    user->setProperty("text", u"ada"_s);
    server->setProperty("text", u"ws://chat.example.com:8765"_s);
    QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 5000);
    QVERIFY(warning->property("text").toString().startsWith(u"Not encrypted:"_s));
    QSignalSpy frames(window, &QQuickWindow::frameSwapped);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 5000);

    const QString path = QDir::cleanPath(
        QStringLiteral(PALAVER_BIN_DIR) + u"/../screenshots/signin-not-encrypted.png"_s);
    const QString error = palaver::ui::saveWindowImage(*window, path);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    qInfo("screenshot saved to %s", qPrintable(path));
}

void TestScreenshot::theMainWindowShowsAnnouncementsAboveTheChat()
{
    // A remembered session: the window opens on the chat (from the cache), no server needed.
    palaver::client::SessionStore remembered;
    remembered.remember(u"ws://127.0.0.1:9/v1/ws"_s, u"ada"_s);
    remembered.setTokenSaved(true);
    const auto forget = qScopeGuard([&] {
        remembered.forgetToken();
        remembered.remember({}, {});
    });
    QQmlApplicationEngine engine;
    engine.addImportPath(u"qrc:/qt/qml"_s);
    engine.load(QUrl(u"qrc:/qt/qml/Palaver/UI/Main.qml"_s));
    QCOMPARE(engine.rootObjects().size(), 1);
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QVERIFY(window);
    auto* session = qobject_cast<palaver::client::ClientSession*>(
        window->property("session").value<QObject*>());
    QVERIFY(session);
    QVERIFY(session->cacheAvailable());
    QVERIFY(QTest::qWaitForWindowExposed(window, 5000));

    // Fresh ids: dismissals are remembered for the server, also from an earlier run.
    const QString warningId = QUuid::createUuid().toString(QUuid::Id128);
    const QString newsId = QUuid::createUuid().toString(QUuid::Id128);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    session->announcements()->handle({ warningId, palaver::protocol::AnnouncementLevel::Warning,
        u"Maintenance at 18:00 UTC: the server restarts for about five minutes."_s, now,
        now.addSecs(3600) });
    session->announcements()->handle({ newsId, palaver::protocol::AnnouncementLevel::Info,
        u"New models are available."_s, now, {} });
    QTRY_VERIFY_WITH_TIMEOUT(
        window->findChild<QQuickItem*>(u"announcementBar"_s)->isVisible(), 5000);
    auto* warning = findItem(window->contentItem(), u"announcement-"_s + warningId);
    auto* news = findItem(window->contentItem(), u"announcement-"_s + newsId);
    QVERIFY(warning && news);
    QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible() && news->isVisible(), 5000);
    QVERIFY(warning->height() > 0);

    const QString path = QDir::cleanPath(
        QStringLiteral(PALAVER_BIN_DIR) + u"/../screenshots/main-window-announcements.png"_s);
    QSignalSpy frames(window, &QQuickWindow::frameSwapped);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() > 0, 5000);
    const QString error = palaver::ui::saveWindowImage(*window, path);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Dismissed: the banner goes, and with the last one the strip above the chat.
    session->announcements()->dismiss(warningId);
    session->announcements()->dismiss(newsId);
    QTRY_VERIFY_WITH_TIMEOUT(
        !window->findChild<QQuickItem*>(u"announcementBar"_s)->isVisible(), 5000);
}

QTEST_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
