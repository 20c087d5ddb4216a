#include "chat/conversationlistmodel.h"
#include "rooms/notifier.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ConversationListModel;
using palaver::client::Notifier;
namespace protocol = palaver::protocol;

namespace {

protocol::Conversation conversation(
    const QString& id, protocol::ConversationKind kind, const QString& title)
{
    protocol::Conversation c;
    c.convId = id;
    c.kind = kind;
    c.title = title;
    return c;
}

protocol::MessageEvent message(
    const QString& convId, const QString& authorId, const QString& authorName, const QString& text)
{
    protocol::MessageEvent e;
    e.convId = convId;
    e.seq = 1;
    e.message.msgId = u"m1"_s;
    e.message.author = { protocol::AuthorKind::User, authorId, authorName };
    e.message.text = text;
    return e;
}

protocol::GenerationEnd replyEnd(
    const QString& convId, protocol::FinishReason finish, const QString& text)
{
    protocol::GenerationEnd end;
    end.convId = convId;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.finish = finish;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"Demo"_s };
    end.message.text = text;
    return end;
}

} // namespace

/// Which events raise a desktop notification, with which title and body.
class TstNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void messageBySomeoneElseInARoom();
    void ownMessageNeverNotifies();
    void nothingForTheConversationInFront();
    void openButWindowInactiveNotifies();
    void dmTitleIsTheSender();
    void aiChatReplyEndedNormally();
    void stoppedOrFailedRepliesAreQuiet();
    void bodyIsCutAt200Characters();
    void activateOpensTheConversation();

private:
    std::unique_ptr<ConversationListModel> m_list;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<QSignalSpy> m_spy;
};

void TstNotifier::init()
{
    m_list = std::make_unique<ConversationListModel>();
    m_list->setSelf(u"u1"_s, u"ada"_s);
    m_list->setConversations(
        { conversation(u"r"_s, protocol::ConversationKind::Room, u"Book club"_s),
            conversation(u"d"_s, protocol::ConversationKind::Dm, {}),
            conversation(u"a"_s, protocol::ConversationKind::Ai, u"Trip plans"_s) });
    m_notifier = std::make_unique<Notifier>(m_list.get());
    m_spy = std::make_unique<QSignalSpy>(m_notifier.get(), &Notifier::notificationRequested);
}

void TstNotifier::messageBySomeoneElseInARoom()
{
    m_notifier->handleServerMessage(message(u"r"_s, u"u2"_s, u"bob"_s, u"Chapter 3?"_s));
    QCOMPARE(m_spy->size(), 1);
    QCOMPARE(m_spy->first(), (QList<QVariant> { u"r"_s, u"bob in Book club"_s, u"Chapter 3?"_s }));
}

void TstNotifier::ownMessageNeverNotifies()
{
    // Also not from another device of ours, with nothing in front.
    m_notifier->handleServerMessage(message(u"r"_s, u"u1"_s, u"ada"_s, u"mine"_s));
    QCOMPARE(m_spy->size(), 0);
}

void TstNotifier::nothingForTheConversationInFront()
{
    m_list->setInFront(u"r"_s);
    m_notifier->handleServerMessage(message(u"r"_s, u"u2"_s, u"bob"_s, u"hi"_s));
    QCOMPARE(m_spy->size(), 0);
    // Another conversation still notifies.
    m_notifier->handleServerMessage(message(u"d"_s, u"u2"_s, u"bob"_s, u"psst"_s));
    QCOMPARE(m_spy->size(), 1);
}

void TstNotifier::openButWindowInactiveNotifies()
{
    // In front = open AND active; the list holds "" while the window is inactive.
    m_list->setInFront(u"r"_s);
    m_list->setInFront({});
    m_notifier->handleServerMessage(message(u"r"_s, u"u2"_s, u"bob"_s, u"hi"_s));
    QCOMPARE(m_spy->size(), 1);
}

void TstNotifier::dmTitleIsTheSender()
{
    m_notifier->handleServerMessage(message(u"d"_s, u"u2"_s, u"bob"_s, u"psst"_s));
    QCOMPARE(m_spy->first(), (QList<QVariant> { u"d"_s, u"bob"_s, u"psst"_s }));
}

void TstNotifier::aiChatReplyEndedNormally()
{
    m_notifier->handleServerMessage(
        replyEnd(u"a"_s, protocol::FinishReason::Stop, u"Here is your plan"_s));
    QCOMPARE(m_spy->size(), 1);
    QCOMPARE(m_spy->first(), (QList<QVariant> { u"a"_s, u"Trip plans"_s, u"Here is your plan"_s }));
    // In a room the assistant is named like anyone else.
    m_notifier->handleServerMessage(replyEnd(u"r"_s, protocol::FinishReason::Stop, u"Sure"_s));
    QCOMPARE(m_spy->at(1).at(1).toString(), u"Demo in Book club"_s);
}

void TstNotifier::stoppedOrFailedRepliesAreQuiet()
{
    for (const auto finish : { protocol::FinishReason::Stopped, protocol::FinishReason::Error,
             protocol::FinishReason::Interrupted, protocol::FinishReason::Length })
        m_notifier->handleServerMessage(replyEnd(u"a"_s, finish, u"partial"_s));
    QCOMPARE(m_spy->size(), 0);
}

void TstNotifier::bodyIsCutAt200Characters()
{
    const QString text = QString(250, u'x');
    m_notifier->handleServerMessage(message(u"r"_s, u"u2"_s, u"bob"_s, text));
    QCOMPARE(m_spy->first().at(2).toString(), QString(200, u'x'));
    // A character outside the BMP is not cut in half.
    const QString emoji = QString(199, u'y') + u"😀"_s;
    m_notifier->handleServerMessage(message(u"r"_s, u"u2"_s, u"bob"_s, emoji + u"zz"_s));
    QCOMPARE(m_spy->at(1).at(2).toString(), QString(199, u'y'));
}

void TstNotifier::activateOpensTheConversation()
{
    QSignalSpy activated(m_notifier.get(), &Notifier::activated);
    QVERIFY(QMetaObject::invokeMethod(m_notifier.get(), "activate", Q_ARG(QString, u"d"_s)));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), u"d"_s);
}

QTEST_GUILESS_MAIN(TstNotifier)
#include "tst_notifier.moc"
