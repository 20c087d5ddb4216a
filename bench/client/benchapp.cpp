#include "benchapp.h"

#include "chat/chatcontroller.h"
#include "chat/conversationlistmodel.h"
#include "session/clientsession.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Palaver_UIPlugin)

using namespace Qt::Literals::StringLiterals;

namespace clientbench {

void BenchApp::prepareEnvironment(const QString& home)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND"))
        qputenv("QT_QUICK_BACKEND", "software");
    for (const char* name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
             "XDG_STATE_HOME", "XDG_RUNTIME_DIR" }) {
        const QString path = home + u'/' + QString::fromLatin1(name).toLower();
        QDir().mkpath(path);
        qputenv(name, QFile::encodeName(path));
    }
    // Qt insists that the runtime folder is the user's alone.
    QFile::setPermissions(home + u"/xdg_runtime_dir"_s,
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

bool BenchApp::load(QString* error)
{
    QCoreApplication::setOrganizationName(u"palaver-clientbench"_s);
    QCoreApplication::setApplicationName(u"palaver"_s);
    // As main.cpp: the UI draws its own look on top of Basic.
    QQuickStyle::setStyle(u"Basic"_s);
    m_engine.addImportPath(u"qrc:/qt/qml"_s);
    m_engine.load(QUrl(u"qrc:/qt/qml/Palaver/UI/Main.qml"_s));
    m_window = m_engine.rootObjects().isEmpty()
        ? nullptr
        : qobject_cast<QQuickWindow*>(m_engine.rootObjects().constFirst());
    m_session = m_window ? qobject_cast<palaver::client::ClientSession*>(
                    m_window->property("session").value<QObject*>())
                         : nullptr;
    if (!m_window || !m_session) {
        *error = u"Main.qml did not load"_s;
        return false;
    }
    return true;
}

bool BenchApp::signIn(const QString& address, int conversations, int timeoutMs)
{
    m_session->signIn(address, u"ada"_s, u"secret"_s);
    return waitFor(
        [&] {
            return m_session->signedIn() && m_session->conversations()->rowCount() == conversations
                && !m_session->chat()->currentConvId().isEmpty();
        },
        timeoutMs);
}

bool waitFor(const std::function<bool()>& done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    // Wakes the blocking processEvents() below at the deadline at the latest.
    QTimer wake;
    wake.setSingleShot(true);
    wake.start(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace clientbench
