#include "rooms/presencereporter.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::PresenceReporter;
namespace protocol = palaver::protocol;

/// Away after the window has been inactive for a while, online when it is active again, away
/// again after a reconnect.
class TstPresenceReporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_sent.clear(); }
    void awayAfterInactivity();
    void activeInTimeSaysNothing();
    void reconnectRepeatsAway();
    void defaultIsFiveMinutes();

private:
    PresenceReporter::Sender sender()
    {
        return [this](const protocol::ClientMessage& m) {
            m_sent.append(std::get<protocol::PresenceSet>(m).state);
        };
    }
    QList<protocol::PresenceState> m_sent;
};

void TstPresenceReporter::awayAfterInactivity()
{
    PresenceReporter reporter(sender());
    reporter.setAwayAfterMs(40);
    QSignalSpy away(&reporter, &PresenceReporter::awayChanged);
    reporter.setWindowActive(false);
    QCOMPARE(m_sent.size(), 0); // not at once
    QTRY_COMPARE(m_sent.size(), 1);
    QCOMPARE(m_sent.at(0), protocol::PresenceState::Away);
    QVERIFY(reporter.isAway());
    reporter.setWindowActive(true);
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent.at(1), protocol::PresenceState::Online);
    QVERIFY(!reporter.isAway());
    QCOMPARE(away.size(), 2);
}

void TstPresenceReporter::activeInTimeSaysNothing()
{
    PresenceReporter reporter(sender());
    reporter.setAwayAfterMs(60);
    reporter.setWindowActive(false);
    QVERIFY(reporter.awayPending());
    reporter.setWindowActive(true);
    QVERIFY(!reporter.awayPending());
    QCOMPARE(m_sent.size(), 0);
    QVERIFY(!reporter.isAway());
}

void TstPresenceReporter::reconnectRepeatsAway()
{
    PresenceReporter reporter(sender());
    reporter.connected(); // online: the server assumes that already
    QCOMPARE(m_sent.size(), 0);
    reporter.setAwayAfterMs(10);
    reporter.setWindowActive(false);
    QTRY_COMPARE(m_sent.size(), 1);
    reporter.connected();
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent.at(1), protocol::PresenceState::Away);
}

void TstPresenceReporter::defaultIsFiveMinutes()
{
    PresenceReporter reporter(sender());
    QCOMPARE(reporter.awayAfterMs(), 5 * 60 * 1000);
}

QTEST_GUILESS_MAIN(TstPresenceReporter)
#include "tst_presencereporter.moc"
