#include "rooms/typingnotifier.h"
#include "rooms/typingtracker.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::TypingNotifier;
using palaver::client::TypingTracker;
namespace protocol = palaver::protocol;

namespace {
protocol::TypingEvent typing(
    const QString& userId, const QString& name, bool active = true, const QString& convId = u"r1"_s)
{
    return protocol::TypingEvent { convId, { userId, name }, active };
}
} // namespace

/// Others typing (TypingTracker: the line, 5 s expiry on an injected clock) and the user's own
/// typing notices (TypingNotifier: at most every 3 s, stop after 4 s idle, on send, on empty).
class TstTyping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void textForOneTwoMany();
    void expiresFiveSecondsAfterTheLastActive();
    void inactiveAndMessageEndItAtOnce();
    void otherConversationsIgnored();
    void timerDrivesTheExpiry();
    void notifierThrottles();
    void notifierStopsWhenIdle();
    void notifierStopsOnceAndOnlyWhenTyping();
    void notifierNowhereSendsNothing();
    void notifierSwitchingConversationStopsTheOld();

private:
    qint64 m_now = 0;
    QList<protocol::TypingRequest> m_sent;
    TypingTracker::Clock clock()
    {
        return [this] { return m_now; };
    }
    TypingNotifier::Sender sender()
    {
        return [this](const protocol::ClientMessage& m) {
            m_sent.append(std::get<protocol::TypingRequest>(m));
        };
    }
};

void TstTyping::init()
{
    m_now = 1000;
    m_sent.clear();
}

void TstTyping::textForOneTwoMany()
{
    QCOMPARE(TypingTracker::textFor({}), QString());
    QCOMPARE(TypingTracker::textFor({ u"alice"_s }), u"alice is typing…"_s);
    QCOMPARE(TypingTracker::textFor({ u"alice"_s, u"bob"_s }), u"alice and bob are typing…"_s);
    QCOMPARE(
        TypingTracker::textFor({ u"alice"_s, u"bob"_s, u"carol"_s }), u"3 people are typing…"_s);
}

void TstTyping::expiresFiveSecondsAfterTheLastActive()
{
    TypingTracker tracker;
    tracker.setClock(clock());
    tracker.setConversation(u"r1"_s);
    QSignalSpy changed(&tracker, &TypingTracker::textChanged);
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s));
    QCOMPARE(tracker.text(), u"alice is typing…"_s);
    m_now += 3000;
    tracker.handleTyping(typing(u"u3"_s, u"bob"_s));
    QCOMPARE(tracker.text(), u"alice and bob are typing…"_s);
    // alice refreshes at 4 s: her 5 s start again.
    m_now += 1000;
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s));
    m_now += 3999; // bob's last was 4999 ms ago
    tracker.expire();
    QCOMPARE(tracker.text(), u"alice and bob are typing…"_s);
    m_now += 1; // bob: 5000 ms
    tracker.expire();
    QCOMPARE(tracker.text(), u"alice is typing…"_s);
    m_now += 1000; // alice: 5000 ms after her refresh
    tracker.expire();
    QCOMPARE(tracker.text(), QString());
    QCOMPARE(changed.size(), 4);
}

void TstTyping::inactiveAndMessageEndItAtOnce()
{
    TypingTracker tracker;
    tracker.setClock(clock());
    tracker.setConversation(u"r1"_s);
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s));
    tracker.handleTyping(typing(u"u3"_s, u"bob"_s));
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s, false));
    QCOMPARE(tracker.text(), u"bob is typing…"_s);
    tracker.noteMessage(u"r1"_s, u"u3"_s);
    QCOMPARE(tracker.text(), QString());
}

void TstTyping::otherConversationsIgnored()
{
    TypingTracker tracker;
    tracker.setClock(clock());
    tracker.setConversation(u"r1"_s);
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s, true, u"r2"_s));
    QCOMPARE(tracker.text(), QString());
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s));
    tracker.noteMessage(u"r2"_s, u"u2"_s); // she wrote elsewhere: still typing here
    QCOMPARE(tracker.text(), u"alice is typing…"_s);
    // Opening another conversation forgets who typed in this one.
    tracker.setConversation(u"r2"_s);
    QCOMPARE(tracker.text(), QString());
}

void TstTyping::timerDrivesTheExpiry()
{
    // The real clock and timer, with a short expiry: the line goes by itself.
    TypingTracker tracker;
    tracker.setExpiryMs(50);
    tracker.setConversation(u"r1"_s);
    QSignalSpy changed(&tracker, &TypingTracker::textChanged);
    tracker.handleTyping(typing(u"u2"_s, u"alice"_s));
    QCOMPARE(tracker.text(), u"alice is typing…"_s);
    QTRY_COMPARE(tracker.text(), QString());
    QCOMPARE(changed.size(), 2);
}

void TstTyping::notifierThrottles()
{
    TypingNotifier notifier(sender());
    notifier.setClock(clock());
    notifier.setConversation(u"r1"_s);
    notifier.userTyping();
    for (int i = 0; i < 10; ++i) {
        m_now += 299; // keystrokes for 2.99 s
        notifier.userTyping();
    }
    QCOMPARE(m_sent.size(), 1);
    QCOMPARE(m_sent.at(0).convId, u"r1"_s);
    QCOMPARE(m_sent.at(0).active, true);
    m_now += 10; // 3 s since the first
    notifier.userTyping();
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent.at(1).active, true);
}

void TstTyping::notifierStopsWhenIdle()
{
    TypingNotifier notifier(sender());
    notifier.setIdleMs(40);
    notifier.setConversation(u"r1"_s);
    notifier.userTyping();
    QCOMPARE(m_sent.size(), 1);
    QTRY_COMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent.at(1).active, false);
    QVERIFY(!notifier.isActive());
    // Typing again after a stop announces it at once (no throttle across a stop).
    notifier.userTyping();
    QCOMPARE(m_sent.size(), 3);
    QCOMPARE(m_sent.at(2).active, true);
}

void TstTyping::notifierStopsOnceAndOnlyWhenTyping()
{
    TypingNotifier notifier(sender());
    notifier.setConversation(u"r1"_s);
    notifier.userStoppedTyping(); // never started: nothing to say
    QCOMPARE(m_sent.size(), 0);
    notifier.userTyping();
    notifier.userStoppedTyping();
    notifier.userStoppedTyping();
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent.at(1).active, false);
}

void TstTyping::notifierNowhereSendsNothing()
{
    TypingNotifier notifier(sender());
    notifier.userTyping();
    notifier.userStoppedTyping();
    QCOMPARE(m_sent.size(), 0);
}

void TstTyping::notifierSwitchingConversationStopsTheOld()
{
    TypingNotifier notifier(sender());
    notifier.setConversation(u"r1"_s);
    notifier.userTyping();
    notifier.setConversation(u"r2"_s);
    QCOMPARE(m_sent.size(), 2);
    QCOMPARE(m_sent.at(1).convId, u"r1"_s);
    QCOMPARE(m_sent.at(1).active, false);
}

QTEST_GUILESS_MAIN(TstTyping)
#include "tst_typing.moc"
