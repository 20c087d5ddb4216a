#include "chat/fanout.h"
#include "protocol/codec.h"

#include <QSignalSpy>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// Fanout::toUsers: a frame for a conversation's members is encoded once and emitted once, with
/// every recipient, so each worker thread gets one queued call however many members there are;
/// users without a signed-in connection are left out (nothing at all when nobody is online).
class TestFanout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneEmissionForManyUsers()
    {
        Fanout fanout;
        signIn(fanout, { u"u2"_s, u"u3"_s, u"u4"_s });
        QSignalSpy many(&fanout, &Fanout::frameForUsers);
        QSignalSpy one(&fanout, &Fanout::frameForUser);
        const TypingEvent event { u"c1"_s, UserInfo { u"u1"_s, u"alice"_s }, true };
        fanout.toUsers({ u"u2"_s, u"u3"_s, u"u4"_s }, event, 42);
        QCOMPARE(many.count(), 1);
        QCOMPARE(one.count(), 0);
        QCOMPARE(many.first().at(0).toStringList(), (QStringList { u"u2"_s, u"u3"_s, u"u4"_s }));
        QCOMPARE(many.first().at(1).toByteArray(), encode(ServerMessage(event)));
        QCOMPARE(many.first().at(2).toULongLong(), 42u);
    }

    void oneUserIsAPlainUserFrame()
    {
        Fanout fanout;
        signIn(fanout, { u"u2"_s });
        QSignalSpy many(&fanout, &Fanout::frameForUsers);
        QSignalSpy one(&fanout, &Fanout::frameForUser);
        fanout.toUsers({ u"u2"_s }, Ok { u"x"_s });
        QCOMPARE(many.count(), 0);
        QCOMPARE(one.count(), 1);
        QCOMPARE(one.first().at(0).toString(), u"u2"_s);
        fanout.toUsers({}, Ok { u"x"_s }); // nobody: nothing is encoded or emitted
        QCOMPARE(many.count(), 0);
        QCOMPARE(one.count(), 1);
    }

    void offlineUsersAreLeftOut()
    {
        Fanout fanout;
        QSignalSpy routed(&fanout, &Fanout::sessionAuthenticated);
        QSignalSpy many(&fanout, &Fanout::frameForUsers);
        QSignalSpy one(&fanout, &Fanout::frameForUser);
        fanout.signedIn(1, u"u1"_s, u"alice"_s);
        fanout.signedIn(2, u"u1"_s, u"alice"_s); // a second connection
        fanout.signedIn(3, u"u3"_s, u"carol"_s);
        QCOMPARE(routed.count(), 3);
        QCOMPARE(fanout.onlineSessionCount(), 3);
        fanout.toUsers({ u"u1"_s, u"u2"_s, u"u3"_s, u"u4"_s }, Ok { u"x"_s });
        QCOMPARE(many.count(), 1);
        QCOMPARE(many.first().at(0).toStringList(), (QStringList { u"u1"_s, u"u3"_s }));
        // Only one of them online: a plain user frame; nobody online: nothing at all.
        fanout.toUsers({ u"u2"_s, u"u3"_s }, Ok { u"x"_s });
        QCOMPARE(one.count(), 1);
        QCOMPARE(one.first().at(0).toString(), u"u3"_s);
        fanout.toUsers({ u"u2"_s, u"u4"_s }, Ok { u"x"_s });
        fanout.toUser(u"u2"_s, Ok { u"x"_s });
        QCOMPARE(many.count(), 1);
        QCOMPARE(one.count(), 1);

        // Online until the last connection closes; closing twice or an unknown one is harmless.
        fanout.sessionClosed(1);
        QVERIFY(fanout.isOnline(u"u1"_s));
        fanout.sessionClosed(1);
        fanout.sessionClosed(99);
        QVERIFY(fanout.isOnline(u"u1"_s));
        fanout.sessionClosed(2);
        QVERIFY(!fanout.isOnline(u"u1"_s));
        // A connection signing in again as someone else moves to that user.
        fanout.signedIn(3, u"u4"_s, u"dave"_s);
        QVERIFY(!fanout.isOnline(u"u3"_s));
        QVERIFY(fanout.isOnline(u"u4"_s));
        QCOMPARE(fanout.onlineSessionCount(), 1);
    }

private:
    static void signIn(Fanout& fanout, const QStringList& userIds)
    {
        quint64 sessionId = 0;
        for (const QString& userId : userIds)
            fanout.signedIn(++sessionId, userId, userId);
    }
};

QTEST_GUILESS_MAIN(TestFanout)
#include "tst_fanout.moc"
