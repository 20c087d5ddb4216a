// The operator's announcements in the client: added and updated by id, warnings first, expired
// by one timer, withdrawn at once, dismissed for good (across reconnects and restarts), bounded;
// and through ClientSession from a server that sends them after its welcome.

#include "announcements/announcementlistmodel.h"
#include "fakeserver.h"
#include "session/clientsession.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::AnnouncementListModel;
using palaver::client::ClientSession;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;
const QDateTime kNow = QDateTime(QDate(2026, 12, 5), QTime(9, 0), Qt::UTC);

protocol::Announcement announcement(const QString& id, const QString& text,
    protocol::AnnouncementLevel level = protocol::AnnouncementLevel::Info,
    const QDateTime& expiresAt = {}, const QDateTime& createdAt = kNow)
{
    return { id, level, text, createdAt, expiresAt };
}

QStringList texts(const AnnouncementListModel& model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.data(model.index(row), AnnouncementListModel::TextRole).toString();
    return result;
}
} // namespace

class TstAnnouncements : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void addedAndUpdatedById();
    void warningsComeFirstThenTheNewest();
    void expiryFollowsTheClockWithOneTimer();
    void aShortExpiryEndsOnItsOwn();
    void aWithdrawalDropsItAtOnce();
    void dismissedStaysDismissedOnThatServer();
    void boundsOnCountTextAndDismissals();
    void theSessionShowsWhatTheServerSends();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }
    /// A model on a clock the test moves.
    std::unique_ptr<AnnouncementListModel> model();

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
};

void TstAnnouncements::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_now = kNow;
}

std::unique_ptr<AnnouncementListModel> TstAnnouncements::model()
{
    auto m = std::make_unique<AnnouncementListModel>();
    new QAbstractItemModelTester(
        m.get(), QAbstractItemModelTester::FailureReportingMode::QtTest, m.get());
    m->setClock([this] { return m_now; });
    return m;
}

void TstAnnouncements::addedAndUpdatedById()
{
    auto m = model();
    QSignalSpy changed(m.get(), &QAbstractItemModel::dataChanged);
    m->handle(announcement(u"1"_s, u"Maintenance at 18:00"_s));
    QCOMPARE(m->count(), 1);
    const QModelIndex first = m->index(0);
    QCOMPARE(m->data(first, AnnouncementListModel::AnnouncementIdRole).toString(), u"1"_s);
    QCOMPARE(m->data(first, AnnouncementListModel::LevelRole).toString(), u"info"_s);
    QCOMPARE(m->data(first, AnnouncementListModel::IsWarningRole).toBool(), false);
    QVERIFY(!m->data(first, AnnouncementListModel::ExpiresAtRole).toDateTime().isValid());
    m->handle(announcement(u"1"_s, u"Maintenance at 19:00"_s));
    QCOMPARE(m->count(), 1);
    QCOMPARE(texts(*m), QStringList { u"Maintenance at 19:00"_s });
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m->roleNames().value(AnnouncementListModel::TextRole), "text");
}

void TstAnnouncements::warningsComeFirstThenTheNewest()
{
    auto m = model();
    m->handle(announcement(
        u"old"_s, u"old info"_s, protocol::AnnouncementLevel::Info, {}, kNow.addSecs(-60)));
    m->handle(announcement(u"new"_s, u"new info"_s));
    m->handle(announcement(
        u"warn"_s, u"a warning"_s, protocol::AnnouncementLevel::Warning, {}, kNow.addSecs(-3600)));
    QCOMPARE(texts(*m), (QStringList { u"a warning"_s, u"new info"_s, u"old info"_s }));
    // Raised to a warning: it moves up.
    m->handle(announcement(u"old"_s, u"old, now urgent"_s, protocol::AnnouncementLevel::Warning, {},
        kNow.addSecs(-60)));
    QCOMPARE(texts(*m), (QStringList { u"old, now urgent"_s, u"a warning"_s, u"new info"_s }));
}

void TstAnnouncements::expiryFollowsTheClockWithOneTimer()
{
    auto m = model();
    QCOMPARE(m->timerRemainingMs(), -1);
    m->handle(announcement(u"forever"_s, u"until withdrawn"_s));
    QCOMPARE(m->timerRemainingMs(), -1); // nothing to expire: no timer at all
    m->handle(announcement(
        u"soon"_s, u"ten minutes"_s, protocol::AnnouncementLevel::Info, kNow.addSecs(600)));
    m->handle(announcement(
        u"later"_s, u"two days"_s, protocol::AnnouncementLevel::Info, kNow.addDays(2)));
    QCOMPARE(m->count(), 3);
    // The timer aims at the soonest expiry.
    QVERIFY2(m->timerRemainingMs() > 590 * 1000 && m->timerRemainingMs() <= 600 * 1000 + 1,
        qPrintable(QString::number(m->timerRemainingMs())));

    m_now = kNow.addSecs(599);
    m->expire();
    QCOMPARE(m->count(), 3);
    m_now = kNow.addSecs(600);
    m->expire(); // what the timer does when it fires
    QCOMPARE(texts(*m), (QStringList { u"until withdrawn"_s, u"two days"_s }));
    // A far expiry is looked at again within the hour, not scheduled days ahead.
    QVERIFY(m->timerRemainingMs() > 0 && m->timerRemainingMs() <= 3600 * 1000);
    m_now = kNow.addDays(3);
    m->expire();
    QCOMPARE(texts(*m), QStringList { u"until withdrawn"_s });
    QCOMPARE(m->timerRemainingMs(), -1);
}

void TstAnnouncements::aShortExpiryEndsOnItsOwn()
{
    AnnouncementListModel m; // the real clock and the real timer
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m.handle(announcement(u"short"_s, u"gone in a moment"_s, protocol::AnnouncementLevel::Warning,
        now.addMSecs(300), now));
    m.handle(announcement(u"stays"_s, u"stays"_s, protocol::AnnouncementLevel::Info, {}, now));
    QCOMPARE(m.count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m.count(), 1, kTimeout);
    QVERIFY(QDateTime::currentDateTimeUtc() >= now.addMSecs(300));
    QCOMPARE(texts(m), QStringList { u"stays"_s });
}

void TstAnnouncements::aWithdrawalDropsItAtOnce()
{
    auto m = model();
    m->handle(announcement(
        u"1"_s, u"Maintenance"_s, protocol::AnnouncementLevel::Warning, kNow.addSecs(3600)));
    QCOMPARE(m->count(), 1);
    m->handle(announcement(
        u"1"_s, u"Maintenance"_s, protocol::AnnouncementLevel::Warning, kNow.addSecs(-1)));
    QCOMPARE(m->count(), 0);
    QCOMPARE(m->timerRemainingMs(), -1);
    // Arriving already expired, it never shows.
    m->handle(announcement(u"2"_s, u"stale"_s, protocol::AnnouncementLevel::Info, kNow));
    QCOMPARE(m->count(), 0);
}

void TstAnnouncements::dismissedStaysDismissedOnThatServer()
{
    {
        auto m = model();
        m->setDismissalScope(settingsFile(), u"ws://a.example/v1/ws"_s);
        m->handle(announcement(u"1"_s, u"one"_s));
        m->handle(announcement(u"2"_s, u"two"_s));
        m->dismiss(u"1"_s);
        QCOMPARE(texts(*m), QStringList { u"two"_s });
        m->clear(); // a reconnect: the server sends both again
        m->handle(announcement(u"1"_s, u"one"_s));
        m->handle(announcement(u"2"_s, u"two"_s));
        QCOMPARE(texts(*m), QStringList { u"two"_s });
    }
    auto restarted = model();
    restarted->setDismissalScope(settingsFile(), u"ws://a.example/v1/ws"_s);
    restarted->handle(announcement(u"1"_s, u"one"_s));
    QCOMPARE(restarted->count(), 0);
    // Another server's "1" is another announcement.
    restarted->setDismissalScope(settingsFile(), u"ws://b.example/v1/ws"_s);
    restarted->handle(announcement(u"1"_s, u"b's one"_s));
    QCOMPARE(texts(*restarted), QStringList { u"b's one"_s });
}

void TstAnnouncements::boundsOnCountTextAndDismissals()
{
    auto m = model();
    for (int i = 0; i < AnnouncementListModel::kMaxAnnouncements + 5; ++i)
        m->handle(announcement(QString::number(i), u"n%1"_s.arg(i),
            protocol::AnnouncementLevel::Info, {}, kNow.addSecs(i)));
    QCOMPARE(m->count(), AnnouncementListModel::kMaxAnnouncements);
    QCOMPARE(texts(*m).constLast(), u"n5"_s); // the five oldest went
    m->clear();
    m->handle(announcement(u"long"_s, QString(5000, u'x')));
    QCOMPARE(texts(*m).constFirst().size(), AnnouncementListModel::kMaxTextLength);

    m->setDismissalScope(settingsFile(), u"ws://a.example/v1/ws"_s);
    for (int i = 0; i < 150; ++i)
        m->dismiss(u"d%1"_s.arg(i));
    auto again = model();
    again->setDismissalScope(settingsFile(), u"ws://a.example/v1/ws"_s);
    again->handle(announcement(u"d49"_s, u"forgotten: only the newest 100 are kept"_s));
    again->handle(announcement(u"d50"_s, u"remembered"_s));
    QCOMPARE(texts(*again), QStringList { u"forgotten: only the newest 100 are kept"_s });
}

void TstAnnouncements::theSessionShowsWhatTheServerSends()
{
    FakeServer server;
    QVERIFY(server.listen());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const protocol::Announcement maintenance { u"7"_s, protocol::AnnouncementLevel::Warning,
        u"Maintenance at 18:00 UTC"_s, now, now.addSecs(3600) };
    // Sent after the other: once it shows, the one before it has been read too.
    const protocol::Announcement newsletter { u"8"_s, protocol::AnnouncementLevel::Info,
        u"New models are available"_s, now.addSecs(-60), {} };
    server.handler = [&](QWebSocket* socket, const protocol::ClientMessage& message) {
        if (const auto* login = std::get_if<protocol::Login>(&message))
            server.send(socket, server.welcome(login->id, true));
        else if (const auto* auth = std::get_if<protocol::Auth>(&message))
            server.send(socket, server.welcome(auth->id, false));
        else
            return false;
        server.send(socket, maintenance);
        server.send(socket, newsletter);
        return true;
    };
    const auto ids = [](AnnouncementListModel* m) {
        QStringList result;
        for (int row = 0; row < m->rowCount(); ++row)
            result << m->data(m->index(row), AnnouncementListModel::AnnouncementIdRole).toString();
        return result;
    };
    {
        ClientSession session(settingsFile());
        AnnouncementListModel* model = session.announcements();
        session.connection()->setAutoReconnectDelay(20);
        session.signIn(server.address(), u"ada"_s, u"secret"_s);
        QTRY_COMPARE_WITH_TIMEOUT(ids(model), (QStringList { u"7"_s, u"8"_s }), kTimeout);
        QCOMPARE(model->data(model->index(0), AnnouncementListModel::TextRole).toString(),
            maintenance.text);
        QCOMPARE(model->data(model->index(0), AnnouncementListModel::IsWarningRole).toBool(), true);

        // A reconnect: the list starts over from what the server sends after its welcome.
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        server.last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
        QTRY_COMPARE_WITH_TIMEOUT(reset.size(), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(ids(model), (QStringList { u"7"_s, u"8"_s }), kTimeout);

        model->dismiss(u"7"_s);
        QCOMPARE(ids(model), QStringList { u"8"_s });
        server.last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
        QTRY_COMPARE_WITH_TIMEOUT(reset.size(), 2, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(ids(model), QStringList { u"8"_s }, kTimeout);
        QCOMPARE(server.receivedOf<protocol::Auth>().size(), 2);
        session.signOut();
        QCOMPARE(model->count(), 0);
    }
    // A restart: still dismissed.
    ClientSession session(settingsFile());
    session.signIn(server.address(), u"ada"_s, u"secret"_s);
    QTRY_COMPARE_WITH_TIMEOUT(ids(session.announcements()), QStringList { u"8"_s }, kTimeout);
}

QTEST_GUILESS_MAIN(TstAnnouncements)
#include "tst_announcements.moc"
