#include "chat/fanout.h"
#include "protocol/codec.h"

#include <QSignalSpy>
#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// Fanout::toUsers: a frame for a conversation's members is encoded once and emitted once, with
/// every recipient, so each worker thread gets one queued call however many members there are.
class TestFanout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneEmissionForManyUsers()
    {
        Fanout fanout;
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
};

QTEST_GUILESS_MAIN(TestFanout)
#include "tst_fanout.moc"
