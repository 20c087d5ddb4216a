// Qt Quick Test runner for the Palaver.UI QML tests (tst_*.qml in this folder).

#include <QCoreApplication>
#include <QObject>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(Palaver_UIPlugin)

using namespace Qt::Literals::StringLiterals;

/// Makes the compiled-in modules (Palaver.UI and the test's Palaver.UITest) importable, and keeps
/// the ClientSession the sign-in test creates out of the user's own settings.
class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"palaver-tests"_s);
        QCoreApplication::setApplicationName(u"tst_qml"_s);
        QQuickStyle::setStyle(u"Basic"_s);
    }
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(u"qrc:/qt/qml"_s); }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)

#include "tst_qml.moc"
