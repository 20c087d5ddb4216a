// Loads the real Main.qml offscreen, lets it render, grabs the window and checks the picture is
// a drawn window (right size, not one flat colour). The PNG is kept in the build folder.

#include "windowshot.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Palaver_UIPlugin)

using namespace Qt::Literals::StringLiterals;

class TestScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mainWindowRendersTheSignInPage();
    void theSignInPageWarnsAboutAPlainAddressToAnotherMachine();
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

QTEST_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
