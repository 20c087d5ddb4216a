// Announcements from the real palaver-server binary to the client core: `palaver-server
// announce` reaches a signed-in client, a client signing in later sees it after its welcome,
// a dismissal holds over a reconnect, and `announce withdraw` takes it away.

#include "announcements/announcementlistmodel.h"
#include "serverbinary.h"
#include "session/clientsession.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::AnnouncementListModel;
using palaver::client::ClientSession;
using palaver::testing::ServerBinary;

namespace {
// The server reads new and withdrawn announcements from its store every 2 s.
constexpr int kTimeout = 15000;

QStringList texts(AnnouncementListModel* model)
{
    QStringList result;
    for (int row = 0; row < model->rowCount(); ++row)
        result << model->data(model->index(row), AnnouncementListModel::TextRole).toString();
    return result;
}
} // namespace

class TestAnnouncementsEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void announcedWithdrawnAndDismissed();
};

void TestAnnouncementsEndToEnd::announcedWithdrawnAndDismissed()
{
    QTemporaryDir dataDir;
    ServerBinary server(QStringLiteral(PALAVER_BIN_DIR "/palaver-server"), dataDir.path());
    QVERIFY2(server.addUser(u"ada"_s, u"pass word 1"_s), qPrintable(server.errorString()));
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    QTemporaryDir settingsDir;
    ClientSession ada(settingsDir.filePath(u"palaver.ini"_s));
    ada.signIn(server.url().toString(), u"ada"_s, u"pass word 1"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(ada.signedIn(), qPrintable(ada.errorText()), kTimeout);
    AnnouncementListModel* shown = ada.announcements();
    QCOMPARE(shown->count(), 0);

    QCOMPARE(server.runCommand({ u"announce"_s, u"--level"_s, u"warning"_s, u"--expires"_s, u"2h"_s,
                 u"Maintenance at 18:00 UTC"_s }),
        0);
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(shown), QStringList { u"Maintenance at 18:00 UTC"_s }, kTimeout);
    const QModelIndex row = shown->index(0);
    QVERIFY(row.data(AnnouncementListModel::IsWarningRole).toBool());
    const QDateTime expires = row.data(AnnouncementListModel::ExpiresAtRole).toDateTime();
    QVERIFY(expires > QDateTime::currentDateTimeUtc().addSecs(7000));
    QVERIFY(shown->timerRemainingMs() > 0); // its expiry is scheduled
    const QString maintenanceId = row.data(AnnouncementListModel::AnnouncementIdRole).toString();

    // Someone who signs in later is told right after the welcome.
    QTemporaryDir laterDir; // another device: its own settings, cache and token
    ClientSession later(laterDir.filePath(u"palaver.ini"_s));
    later.signIn(server.url().toString(), u"ada"_s, u"pass word 1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(later.announcements()), QStringList { u"Maintenance at 18:00 UTC"_s }, kTimeout);

    // Dismissed on one device: gone there, also after a reconnect; the other still shows it.
    QCOMPARE(server.runCommand({ u"announce"_s, u"New models are available"_s }), 0);
    QTRY_COMPARE_WITH_TIMEOUT(shown->count(), 2, kTimeout);
    shown->dismiss(maintenanceId);
    QCOMPARE(texts(shown), QStringList { u"New models are available"_s });
    QSignalSpy welcomed(ada.connection(), &palaver::client::Connection::welcomed);
    ada.reconnect();
    QVERIFY(welcomed.wait(kTimeout));
    // The news arrives after the welcome again; the dismissed one is not let back in.
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(shown), QStringList { u"New models are available"_s }, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(later.announcements()->count(), 2, kTimeout);

    // Withdrawn by the operator: gone everywhere.
    QCOMPARE(server.runCommand({ u"announce"_s, u"withdraw"_s, maintenanceId }), 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(later.announcements()), QStringList { u"New models are available"_s }, kTimeout);
    QCOMPARE(texts(shown), QStringList { u"New models are available"_s });
}

QTEST_GUILESS_MAIN(TestAnnouncementsEndToEnd)
#include "tst_announcements_e2e.moc"
