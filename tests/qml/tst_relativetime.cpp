// RelativeTime: the conversation list's "5 min ago" wording.

#include "relativetime.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::ui::RelativeTime;

class TestRelativeTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formats_data();
    void formats();
    void invalidTimeIsEmpty();
    void lastSeen_data();
    void lastSeen();
};

void TestRelativeTime::formats_data()
{
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("expected");

    const QDateTime now(QDate(2026, 11, 21), QTime(15, 0));
    QTest::newRow("seconds") << now.addSecs(-20) << now << u"just now"_s;
    QTest::newRow("slightly ahead") << now.addSecs(30) << now << u"just now"_s;
    QTest::newRow("minutes") << now.addSecs(-5 * 60) << now << u"5 min ago"_s;
    QTest::newRow("hours") << now.addSecs(-3 * 3600) << now << u"3 h ago"_s;
    QTest::newRow("yesterday") << now.addDays(-1) << now << u"Yesterday"_s;
    QTest::newRow("this week") << now.addDays(-3) << now
                               << QLocale().dayName(now.addDays(-3).date().dayOfWeek());
    QTest::newRow("this year") << now.addDays(-40) << now
                               << QLocale().toString(now.addDays(-40).date(), u"d MMM");
    QTest::newRow("last year") << now.addYears(-1) << now
                               << QLocale().toString(now.addYears(-1).date(), u"d MMM yyyy");
}

void TestRelativeTime::formats()
{
    QFETCH(QDateTime, when);
    QFETCH(QDateTime, now);
    QFETCH(QString, expected);
    QCOMPARE(RelativeTime::format(when, now), expected);
}

void TestRelativeTime::invalidTimeIsEmpty()
{
    QVERIFY(RelativeTime::format({}, QDateTime::currentDateTime()).isEmpty());
}

void TestRelativeTime::lastSeen_data()
{
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QString>("expected");

    const QDateTime now(QDate(2026, 11, 21), QTime(15, 0));
    QTest::newRow("unknown") << QDateTime() << u"Offline"_s;
    QTest::newRow("seconds") << now.addSecs(-20) << u"Last seen just now"_s;
    QTest::newRow("minutes") << now.addSecs(-5 * 60) << u"Last seen 5 min ago"_s;
    QTest::newRow("hours") << now.addSecs(-3 * 3600) << u"Last seen 3 h ago"_s;
    QTest::newRow("yesterday") << now.addDays(-1) << u"Last seen yesterday"_s;
    QTest::newRow("this week") << now.addDays(
        -3) << u"Last seen "_s + QLocale().dayName(now.addDays(-3).date().dayOfWeek());
    QTest::newRow("this year") << now.addDays(
        -40) << u"Last seen on "_s + QLocale().toString(now.addDays(-40).date(), u"d MMM");
}

void TestRelativeTime::lastSeen()
{
    QFETCH(QDateTime, when);
    QFETCH(QString, expected);
    const QDateTime now(QDate(2026, 11, 21), QTime(15, 0));
    QCOMPARE(RelativeTime::lastSeen(when, now), expected);
}

QTEST_GUILESS_MAIN(TestRelativeTime)
#include "tst_relativetime.moc"
