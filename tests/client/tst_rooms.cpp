#include "fakeserver.h"
#include "session/clientsession.h"
#include "sessionfiles.h"
#include "store/localstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::ConversationListModel;
using palaver::client::MemberListModel;
using palaver::client::MessageListModel;
using palaver::client::Notifier;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;

protocol::MessageEvent said(
    const QString& convId, qint64 seq, const QString& name, const QString& text)
{
    protocol::MessageEvent e;
    e.convId = convId;
    e.seq = seq;
    e.message.msgId = u"m-%1-%2"_s.arg(convId).arg(seq);
    e.message.author = { protocol::AuthorKind::User, FakeServer::userIdOf(name), name };
    e.message.text = text;
    e.message.createdAt = QDateTime::currentDateTimeUtc();
    return e;
}

protocol::GenerationEnd replyEnd(const QString& convId, qint64 seq)
{
    protocol::GenerationEnd end;
    end.convId = convId;
    end.seq = seq;
    end.genId = u"g1"_s;
    end.msgId = u"m-reply"_s;
    end.message.msgId = u"m-reply"_s;
    end.message.genId = u"g1"_s;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"other"_s };
    end.message.text = u"Done."_s;
    return end;
}

QStringList memberNames(MemberListModel* model)
{
    QStringList names;
    for (int i = 0; i < model->rowCount(); ++i)
        names << model->index(i).data(MemberListModel::NameRole).toString();
    return names;
}

} // namespace

/// Rooms and DMs through ClientSession against the fake server: creating, inviting, removing,
/// leaving; read markers and unread counts; typing; presence; the assistant flag and the prompt
/// queue in rooms; notifications.
class TstRooms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listHasKindsAndTheOpenRoomItsPeople();
    void createRoomOpensIt();
    void createRoomRefusalShowsWhy();
    void openDirectMessageReusesOrCreates();
    void inviteAndRemove();
    void leaveOpensTheNewestOther();
    void removedByTheOwnerSaysSo();
    void readMarkersFollowTheWindow();
    void unreadElsewhereAndReadPushes();
    void typingBothWays();
    void askAssistantFlagGoesOnTheWire();
    void promptQueueHoldsOnlyBehindARealReply();
    void assistantWritingAndPresence();
    void notificationsOnlyWhenNotInFront();
    void awayAfterInactivityAndAgainAfterReconnect();
    void assistantFlagSurvivesARestart();
    void directMessageIsTitledAfterThePeer();
    void ownMessagesByIdAlsoWithoutTheServer();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }
    /// Signs in; the newest conversation (r1) opens.
    void signIn(ClientSession& session);
    void push(const protocol::ServerMessage& message) { m_server->send(m_server->last(), message); }
    /// Everything the client sent so far has reached the server (a ping sent now arrived).
    void flush(ClientSession& session);
    static int unread(ClientSession& session, const QString& convId)
    {
        auto* list = session.conversations();
        return list->index(list->rowOf(convId)).data(ConversationListModel::UnreadRole).toInt();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstRooms::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    protocol::Conversation ai;
    ai.convId = u"a1"_s;
    ai.title = u"Private"_s;
    ai.updatedAt = now.addSecs(-300); // AI chats come last in the list
    protocol::Conversation r1;
    r1.convId = u"r1"_s;
    r1.kind = protocol::ConversationKind::Room;
    r1.title = u"Book club"_s;
    r1.model = u"m-other"_s;
    r1.updatedAt = now; // the newest: it opens after sign-in
    r1.lastSeq = 5;
    r1.lastReadSeq = 2;
    r1.unread = 3;
    r1.members = { FakeServer::member(u"Ada"_s, protocol::MemberRole::Owner),
        FakeServer::member(u"bob"_s), FakeServer::member(u"carol"_s) };
    protocol::Conversation r2 = r1;
    r2.convId = u"r2"_s;
    r2.title = u"Games"_s;
    r2.updatedAt = now.addSecs(-120);
    r2.role = protocol::MemberRole::Member;
    r2.lastSeq = 1;
    r2.lastReadSeq = 1;
    r2.unread = 0;
    r2.members = { FakeServer::member(u"carol"_s, protocol::MemberRole::Owner),
        FakeServer::member(u"Ada"_s), FakeServer::member(u"bob"_s) };
    protocol::Conversation d1;
    d1.convId = u"d1"_s;
    d1.kind = protocol::ConversationKind::Dm;
    d1.role = protocol::MemberRole::Member;
    d1.updatedAt = now.addSecs(-200);
    d1.members = { FakeServer::member(u"Ada"_s), FakeServer::member(u"bob"_s) };
    m_server->conversations = { ai, r1, r2, d1 };
}

void TstRooms::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TstRooms::signIn(ClientSession& session)
{
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 4, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->currentConvId(), u"r1"_s, kTimeout);
    session.chat()->setTypewriterEnabled(false);
}

void TstRooms::flush(ClientSession& session)
{
    const auto pings = m_server->receivedOf<protocol::Ping>().size();
    QVERIFY(!session.connection()->send(protocol::Ping {}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::Ping>().size(), pings + 1, kTimeout);
}

void TstRooms::listHasKindsAndTheOpenRoomItsPeople()
{
    ClientSession session(settingsFile());
    QAbstractItemModelTester listTester(
        session.conversations(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester membersTester(
        session.chat()->members(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    signIn(session);
    auto* list = session.conversations();
    QStringList kinds;
    for (int i = 0; i < list->rowCount(); ++i)
        kinds << list->index(i).data(ConversationListModel::KindRole).toString();
    QCOMPARE(kinds, (QStringList { u"room"_s, u"room"_s, u"dm"_s, u"ai"_s }));
    // The DM is named after bob (the user is "Ada" from the welcome, id u1).
    QCOMPARE(list->index(2).data(ConversationListModel::DisplayTitleRole).toString(), u"bob"_s);
    auto* chat = session.chat();
    QCOMPARE(chat->currentKind(), u"room"_s);
    QVERIFY(chat->currentIsOwner());
    // The assistant row carries the model's name from the welcome ("m-other" → "other").
    QCOMPARE(
        memberNames(chat->members()), (QStringList { u"other"_s, u"Ada"_s, u"bob"_s, u"carol"_s }));
    QCOMPARE(chat->members()->index(1).data(MemberListModel::IsSelfRole).toBool(), true);

    QSignalSpy kind(chat, &palaver::client::ChatController::currentKindChanged);
    chat->setCurrentConvId(u"r2"_s);
    QCOMPARE(chat->currentKind(), u"room"_s);
    QVERIFY(!chat->currentIsOwner());
    QCOMPARE(kind.size(), 1); // owner → member
    chat->setCurrentConvId(u"a1"_s);
    QCOMPARE(chat->currentKind(), u"ai"_s);
    QCOMPARE(chat->members()->rowCount(), 0);
    chat->setCurrentConvId({});
    QCOMPARE(chat->currentKind(), QString());
}

void TstRooms::createRoomOpensIt()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QSignalSpy succeeded(chat, &palaver::client::ChatController::actionSucceeded);
    chat->createRoom(u" Plans "_s, { u"bob"_s, u" carol "_s, u""_s, u"bob"_s });
    QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 1, kTimeout);
    QCOMPARE(succeeded.first().at(0).toString(), u"createRoom"_s);
    const auto create = m_server->receivedOf<protocol::ConversationCreate>().constLast();
    QCOMPARE(create.kind, protocol::ConversationKind::Room);
    QCOMPARE(create.title, std::optional(u"Plans"_s));
    QCOMPARE(create.members, (QStringList { u"bob"_s, u"carol"_s }));
    QCOMPARE(chat->currentConvId(), u"r-new-4"_s);
    QCOMPARE(chat->currentTitle(), u"Plans"_s);
    QCOMPARE(chat->currentKind(), u"room"_s);
    QVERIFY(chat->currentIsOwner());
    QCOMPARE(chat->members()->rowCount(), 4);
    QVERIFY(session.conversations()->conversation(u"r-new-4"_s));
    QVERIFY(chat->errorText().isEmpty());
}

void TstRooms::createRoomRefusalShowsWhy()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QSignalSpy succeeded(chat, &palaver::client::ChatController::actionSucceeded);
    chat->createRoom(u"Plans"_s, { u"bob"_s, u"zoe"_s });
    QTRY_COMPARE_WITH_TIMEOUT(
        chat->errorText(), u"Could not create the room: No user zoe"_s, kTimeout);
    QCOMPARE(succeeded.size(), 0);
    QCOMPARE(chat->currentConvId(), u"r1"_s);
    QCOMPARE(session.conversations()->rowCount(), 4);
}

void TstRooms::openDirectMessageReusesOrCreates()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QSignalSpy succeeded(chat, &palaver::client::ChatController::actionSucceeded);
    // The DM with bob exists: it opens without asking the server.
    chat->openDirectMessage(u"Bob"_s);
    QCOMPARE(chat->currentConvId(), u"d1"_s);
    QCOMPARE(chat->currentKind(), u"dm"_s);
    QVERIFY(!chat->currentIsOwner());
    QCOMPARE(succeeded.size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::ConversationCreate>().size(), 0);
    // A new one with dave.
    chat->openDirectMessage(u"dave"_s);
    QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 2, kTimeout);
    QCOMPARE(succeeded.at(1).at(0).toString(), u"openDirectMessage"_s);
    const auto create = m_server->receivedOf<protocol::ConversationCreate>();
    QCOMPARE(create.size(), 1);
    QCOMPARE(create.first().kind, protocol::ConversationKind::Dm);
    QCOMPARE(create.first().members, QStringList { u"dave"_s });
    const QString convId = chat->currentConvId();
    QVERIFY(convId != u"d1"_s);
    auto* list = session.conversations();
    QCOMPARE(
        list->index(list->rowOf(convId)).data(ConversationListModel::DisplayTitleRole).toString(),
        u"dave"_s);
    // Someone who does not exist.
    chat->openDirectMessage(u"zoe"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        chat->errorText(), u"Could not open a conversation with zoe: No user zoe"_s, kTimeout);
    QCOMPARE(succeeded.size(), 2);
}

void TstRooms::inviteAndRemove()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QAbstractItemModelTester tester(
        chat->members(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy succeeded(chat, &palaver::client::ChatController::actionSucceeded);
    chat->invite(u"dave"_s);
    QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 1, kTimeout);
    QCOMPARE(succeeded.first().at(0).toString(), u"invite"_s);
    QCOMPARE(m_server->receivedOf<protocol::MemberInvite>().first(),
        (protocol::MemberInvite {
            m_server->receivedOf<protocol::MemberInvite>().first().id, u"r1"_s, u"dave"_s }));
    QTRY_VERIFY_WITH_TIMEOUT(memberNames(chat->members()).contains(u"dave"_s), kTimeout);

    chat->removeMember(u"u-dave"_s);
    QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 2, kTimeout);
    QCOMPARE(succeeded.at(1).at(0).toString(), u"remove"_s);
    QCOMPARE(m_server->receivedOf<protocol::MemberRemove>().first().userId, u"u-dave"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!memberNames(chat->members()).contains(u"dave"_s), kTimeout);

    chat->invite(u"zoe"_s);
    QTRY_COMPARE_WITH_TIMEOUT(chat->errorText(), u"Could not invite zoe: No user zoe"_s, kTimeout);
    QCOMPARE(succeeded.size(), 2);
}

void TstRooms::leaveOpensTheNewestOther()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QSignalSpy succeeded(chat, &palaver::client::ChatController::actionSucceeded);
    chat->leaveConversation();
    QTRY_COMPARE_WITH_TIMEOUT(succeeded.size(), 1, kTimeout);
    QCOMPARE(succeeded.first().at(0).toString(), u"leave"_s);
    QCOMPARE(m_server->receivedOf<protocol::ConversationLeave>().first().convId, u"r1"_s);
    QVERIFY(!session.conversations()->conversation(u"r1"_s));
    QCOMPARE(chat->currentConvId(), u"r2"_s);
}

void TstRooms::removedByTheOwnerSaysSo()
{
    ClientSession session(settingsFile());
    signIn(session);
    push(protocol::ConversationDeleted { u"r1"_s, protocol::RemovalReason::Removed });
    QTRY_VERIFY_WITH_TIMEOUT(!session.conversations()->conversation(u"r1"_s), kTimeout);
    QCOMPARE(session.chat()->currentConvId(), u"r2"_s);
    QCOMPARE(session.chat()->errorText(), u"You were removed from “Book club”."_s);
    // Left on another device: the next one opens, nothing to explain.
    push(protocol::ConversationDeleted { u"r2"_s, protocol::RemovalReason::Left });
    QTRY_VERIFY_WITH_TIMEOUT(!session.conversations()->conversation(u"r2"_s), kTimeout);
    QCOMPARE(session.chat()->currentConvId(), u"d1"_s);
    QVERIFY(session.chat()->errorText().isEmpty());
}

void TstRooms::readMarkersFollowTheWindow()
{
    ClientSession session(settingsFile());
    auto* chat = session.chat();
    QSignalSpy active(chat, &palaver::client::ChatController::windowActiveChanged);
    chat->setWindowActive(false);
    QCOMPARE(active.size(), 1);
    signIn(session); // r1 opens, but nobody looks
    flush(session);
    QCOMPARE(m_server->receivedOf<protocol::ReadRequest>().size(), 0);
    QCOMPARE(unread(session, u"r1"_s), 3);
    QCOMPARE(session.conversations()->totalUnread(), 3);

    chat->setWindowActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::ReadRequest>().size(), 1, kTimeout);
    auto read = m_server->receivedOf<protocol::ReadRequest>().constLast();
    QCOMPARE(read.convId, u"r1"_s);
    QCOMPARE(read.seq, 5);
    QCOMPARE(unread(session, u"r1"_s), 0);
    QCOMPARE(session.conversations()->totalUnread(), 0);

    // Someone writes while we look: read at once, the badge stays 0.
    push(said(u"r1"_s, 6, u"bob"_s, u"Chapter 3?"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::ReadRequest>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::ReadRequest>().constLast().seq, 6);
    QCOMPARE(unread(session, u"r1"_s), 0);

    // The window goes to the background: it counts, nothing is read.
    chat->setWindowActive(false);
    push(said(u"r1"_s, 7, u"carol"_s, u"Yes"_s));
    QTRY_COMPARE_WITH_TIMEOUT(unread(session, u"r1"_s), 1, kTimeout);
    flush(session);
    QCOMPARE(m_server->receivedOf<protocol::ReadRequest>().size(), 2);

    chat->setWindowActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::ReadRequest>().size(), 3, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::ReadRequest>().constLast().seq, 7);
    QCOMPARE(unread(session, u"r1"_s), 0);
    // Going elsewhere and back sends nothing new for the same seq.
    chat->setCurrentConvId(u"r2"_s);
    chat->setCurrentConvId(u"r1"_s);
    flush(session);
    QCOMPARE(m_server->receivedOf<protocol::ReadRequest>().size(), 3);
}

void TstRooms::unreadElsewhereAndReadPushes()
{
    ClientSession session(settingsFile());
    signIn(session);
    QSignalSpy total(session.conversations(), &ConversationListModel::totalUnreadChanged);
    push(said(u"r2"_s, 2, u"bob"_s, u"gg"_s));
    push(said(u"r2"_s, 3, u"carol"_s, u"rematch?"_s));
    QTRY_COMPARE_WITH_TIMEOUT(unread(session, u"r2"_s), 2, kTimeout);
    QCOMPARE(session.conversations()->totalUnread(), 2);
    // The user's own message from another device reads everything before it.
    push(said(u"r2"_s, 4, u"Ada"_s, u"sure"_s));
    QTRY_COMPARE_WITH_TIMEOUT(unread(session, u"r2"_s), 0, kTimeout);
    push(said(u"r2"_s, 5, u"bob"_s, u"now?"_s));
    QTRY_COMPARE_WITH_TIMEOUT(unread(session, u"r2"_s), 1, kTimeout);
    // Read on another device: the server's count.
    push(protocol::ReadEvent { u"r2"_s, u"u1"_s, 5, 0 });
    QTRY_COMPARE_WITH_TIMEOUT(unread(session, u"r2"_s), 0, kTimeout);
    QCOMPARE(session.conversations()->totalUnread(), 0);
    QVERIFY(total.size() >= 4);
}

void TstRooms::typingBothWays()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QSignalSpy typing(chat, &palaver::client::ChatController::typingTextChanged);
    push(protocol::TypingEvent { u"r1"_s, { u"u-bob"_s, u"bob"_s }, true });
    QTRY_COMPARE_WITH_TIMEOUT(chat->typingText(), u"bob is typing…"_s, kTimeout);
    push(protocol::TypingEvent { u"r1"_s, { u"u-carol"_s, u"carol"_s }, true });
    QTRY_COMPARE_WITH_TIMEOUT(chat->typingText(), u"bob and carol are typing…"_s, kTimeout);
    push(said(u"r1"_s, 6, u"bob"_s, u"done"_s));
    QTRY_COMPARE_WITH_TIMEOUT(chat->typingText(), u"carol is typing…"_s, kTimeout);
    push(protocol::TypingEvent { u"r1"_s, { u"u-carol"_s, u"carol"_s }, false });
    QTRY_COMPARE_WITH_TIMEOUT(chat->typingText(), QString(), kTimeout);
    QCOMPARE(typing.size(), 4);

    // Our own typing, then sending it.
    chat->userTyping();
    chat->userTyping();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::TypingRequest>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::TypingRequest>().first().convId, u"r1"_s);
    QVERIFY(m_server->receivedOf<protocol::TypingRequest>().first().active);
    chat->send(u"hello"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    const auto typed = m_server->receivedOf<protocol::TypingRequest>();
    QCOMPARE(typed.size(), 2);
    QVERIFY(!typed.at(1).active);
    // The stop went before the message.
    qsizetype stopAt = -1;
    qsizetype sendAt = -1;
    for (qsizetype i = 0; i < m_server->received.size(); ++i) {
        if (const auto* t = std::get_if<protocol::TypingRequest>(&m_server->received.at(i));
            t && !t->active)
            stopAt = i;
        if (std::holds_alternative<protocol::MessageSend>(m_server->received.at(i)))
            sendAt = i;
    }
    QVERIFY(stopAt >= 0 && stopAt < sendAt);

    // Nobody to tell in an AI chat.
    chat->setCurrentConvId(u"a1"_s);
    chat->userTyping();
    chat->send(u"private"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::TypingRequest>().size(), 2);
}

void TstRooms::askAssistantFlagGoesOnTheWire()
{
    ClientSession session(settingsFile());
    signIn(session);
    session.chat()->send(u"just talking"_s);
    QVERIFY(QMetaObject::invokeMethod(
        session.chat(), "send", Q_ARG(QString, u"what do you think?"_s), Q_ARG(bool, true)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 2, kTimeout);
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.at(0).assistant, false);
    QCOMPARE(sent.at(1).assistant, true);
    QCOMPARE(sent.at(1).convId, u"r1"_s);
}

void TstRooms::promptQueueHoldsOnlyBehindARealReply()
{
    m_server->ackSends = true;
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    chat->send(u"one"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(session.localStore()->outbox().isEmpty(), kTimeout);
    // No reply started (nobody asked the assistant): the next message goes at once.
    chat->send(u"two"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 2, kTimeout);
    // A reply really streams: now a message waits for it.
    push(protocol::GenerationStart { u"r1"_s, 8, u"g1"_s, u"m-reply"_s, u"m-other"_s });
    QTRY_VERIFY_WITH_TIMEOUT(chat->streaming(), kTimeout);
    chat->send(u"three"_s);
    auto* messages = chat->messages();
    const int last = messages->rowCount() - 1;
    QCOMPARE(messages->index(last).data(MessageListModel::IsQueuedRole).toBool(), true);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 2);
    push(replyEnd(u"r1"_s, 9));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 3, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().constLast().text, u"three"_s);
}

void TstRooms::assistantWritingAndPresence()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* members = session.chat()->members();
    push(protocol::GenerationStart { u"r1"_s, 6, u"g1"_s, u"m-reply"_s, u"m-other"_s });
    QTRY_VERIFY_WITH_TIMEOUT(
        members->index(0).data(MemberListModel::WritingRole).toBool(), kTimeout);
    push(replyEnd(u"r1"_s, 7));
    QTRY_VERIFY_WITH_TIMEOUT(
        !members->index(0).data(MemberListModel::WritingRole).toBool(), kTimeout);

    const QDateTime seen = QDateTime::currentDateTimeUtc().addSecs(-300);
    push(protocol::PresenceEvent {
        { u"u-bob"_s, u"bob"_s }, protocol::PresenceState::Offline, seen });
    QTRY_COMPARE_WITH_TIMEOUT(
        members->index(2).data(MemberListModel::PresenceRole).toString(), u"offline"_s, kTimeout);
    QCOMPARE(members->index(2).data(MemberListModel::LastSeenRole).toDateTime().toSecsSinceEpoch(),
        seen.toSecsSinceEpoch());
    auto* list = session.conversations();
    QCOMPARE(
        list->index(list->rowOf(u"d1"_s)).data(ConversationListModel::PeerPresenceRole).toString(),
        u"offline"_s);
    push(protocol::PresenceEvent { { u"u-bob"_s, u"bob"_s }, protocol::PresenceState::Away, {} });
    QTRY_COMPARE_WITH_TIMEOUT(
        list->index(list->rowOf(u"d1"_s)).data(ConversationListModel::PeerPresenceRole).toString(),
        u"away"_s, kTimeout);
}

void TstRooms::notificationsOnlyWhenNotInFront()
{
    ClientSession session(settingsFile());
    signIn(session);
    QSignalSpy notes(session.notifier(), &Notifier::notificationRequested);
    push(said(u"r2"_s, 2, u"bob"_s, u"gg"_s)); // not open
    QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 1, kTimeout);
    QCOMPARE(notes.first(), (QList<QVariant> { u"r2"_s, u"bob in Games"_s, u"gg"_s }));
    push(said(u"r1"_s, 6, u"bob"_s, u"here"_s)); // open and active: none
    push(said(u"r2"_s, 3, u"Ada"_s, u"mine"_s)); // own: none
    push(said(u"d1"_s, 1, u"bob"_s, u"psst"_s));
    QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 2, kTimeout);
    QCOMPARE(notes.at(1), (QList<QVariant> { u"d1"_s, u"bob"_s, u"psst"_s }));
    session.chat()->setWindowActive(false); // open but not looked at: one
    push(said(u"r1"_s, 7, u"carol"_s, u"hello?"_s));
    QTRY_COMPARE_WITH_TIMEOUT(notes.size(), 3, kTimeout);
    QCOMPARE(notes.at(2).at(1).toString(), u"carol in Book club"_s);
    // Clicking one opens its conversation.
    session.notifier()->activate(u"d1"_s);
    QCOMPARE(session.chat()->currentConvId(), u"d1"_s);
}

void TstRooms::awayAfterInactivityAndAgainAfterReconnect()
{
    ClientSession session(settingsFile());
    session.connection()->backoff().setInitialMs(20);
    session.connection()->backoff().setCapMs(40);
    session.presenceReporter()->setAwayAfterMs(30);
    signIn(session);
    session.chat()->setWindowActive(false);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::PresenceSet>().size(), 1, kTimeout);
    QCOMPARE(
        m_server->receivedOf<protocol::PresenceSet>().first().state, protocol::PresenceState::Away);
    // The server counts a new connection as online: the client says away again.
    const int auths = m_server->receivedOf<protocol::Auth>().size();
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::Auth>().size(), auths + 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::PresenceSet>().size(), 2, kTimeout);
    QCOMPARE(
        m_server->receivedOf<protocol::PresenceSet>().at(1).state, protocol::PresenceState::Away);
    session.chat()->setWindowActive(true);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::PresenceSet>().size(), 3, kTimeout);
    QCOMPARE(
        m_server->receivedOf<protocol::PresenceSet>().at(2).state, protocol::PresenceState::Online);
}

void TstRooms::assistantFlagSurvivesARestart()
{
    palaver::test::rememberSession(
        settingsFile(), u"ws://%1/v1/ws"_s.arg(m_server->address()), u"ada"_s, u"tok-1"_s);
    {
        ClientSession session(settingsFile());
        session.chat()->setCurrentConvId(u"r1"_s); // offline: never connected
        session.chat()->send(u"plain"_s);
        session.chat()->send(u"@assistant summarise"_s, true);
        QCOMPARE(session.localStore()->outbox().size(), 2);
    } // the app quits
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 0);
    ClientSession session(settingsFile());
    session.resumeSession();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 2, kTimeout);
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.at(0).text, u"plain"_s);
    QCOMPARE(sent.at(0).assistant, false);
    QCOMPARE(sent.at(1).text, u"@assistant summarise"_s);
    QCOMPARE(sent.at(1).assistant, true);
}

void TstRooms::directMessageIsTitledAfterThePeer()
{
    ClientSession session(settingsFile());
    signIn(session);
    auto* chat = session.chat();
    QSignalSpy title(chat, &palaver::client::ChatController::currentTitleChanged);
    chat->setCurrentConvId(u"d1"_s);
    QCOMPARE(chat->currentTitle(), u"bob"_s);
    QCOMPARE(title.size(), 1);
    // A new DM is named after its other person as soon as the server answers.
    chat->openDirectMessage(u"dave"_s);
    QTRY_COMPARE_WITH_TIMEOUT(chat->currentTitle(), u"dave"_s, kTimeout);
    // Rooms and AI chats keep their titles.
    chat->setCurrentConvId(u"r2"_s);
    QCOMPARE(chat->currentTitle(), u"Games"_s);
    chat->setCurrentConvId(u"a1"_s);
    QCOMPARE(chat->currentTitle(), u"Private"_s);

    // The header follows the list: the DM's people arrive later (an old cache had none).
    protocol::Conversation bare = *session.conversations()->conversation(u"d1"_s);
    bare.members.clear();
    session.conversations()->upsert(bare);
    chat->setCurrentConvId(u"d1"_s);
    QCOMPARE(chat->currentTitle(), u"Direct message"_s);
    protocol::Conversation full = bare;
    full.members = { FakeServer::member(u"Ada"_s), FakeServer::member(u"bob"_s) };
    title.clear();
    push(protocol::ConversationReply { {}, full });
    QTRY_COMPARE_WITH_TIMEOUT(chat->currentTitle(), u"bob"_s, kTimeout);
    QCOMPARE(title.size(), 1);
}

void TstRooms::ownMessagesByIdAlsoWithoutTheServer()
{
    // bob and another user who is also called "Ada" (u-ada2): only the id tells whose is whose.
    protocol::MessageEvent namesake = said(u"d1"_s, 3, u"Ada"_s, u"Not me"_s);
    namesake.message.author.id = u"u-ada2"_s;
    m_server->stored[u"d1"_s] = { said(u"d1"_s, 1, u"Ada"_s, u"Hi bob"_s),
        said(u"d1"_s, 2, u"bob"_s, u"Hi Ada"_s), namesake };
    const QList<bool> expected { true, false, false };
    auto isOwn = [](ClientSession& session) {
        QList<bool> own;
        auto* messages = session.chat()->messages();
        for (int row = 0; row < messages->rowCount(); ++row)
            own << messages->index(row).data(MessageListModel::IsOwnRole).toBool();
        return own;
    };
    {
        ClientSession session(settingsFile());
        signIn(session);
        session.chat()->setCurrentConvId(u"d1"_s);
        QTRY_COMPARE_WITH_TIMEOUT(session.chat()->messages()->rowCount(), 3, kTimeout);
        QCOMPARE(isOwn(session), expected);
        QTRY_VERIFY_WITH_TIMEOUT(session.localStore()->isCached(u"d1"_s), kTimeout);
    } // the app quits
    m_server.reset(); // and starts without the server

    ClientSession session(settingsFile());
    QVERIFY(session.cacheAvailable());
    QCOMPARE(session.conversations()->selfUserId(), u"u1"_s);
    QCOMPARE(session.displayName(), u"Ada"_s);
    session.chat()->setCurrentConvId(u"d1"_s);
    QCOMPARE(session.chat()->messages()->rowCount(), 3);
    QCOMPARE(isOwn(session), expected);
    QCOMPARE(session.chat()->currentTitle(), u"bob"_s);
    // What is typed offline is the user's too, before the server has seen it.
    session.chat()->send(u"Later"_s);
    QCOMPARE(session.chat()->messages()->rowCount(), 4);
    QCOMPARE(isOwn(session).constLast(), true);
}

QTEST_GUILESS_MAIN(TstRooms)
#include "tst_rooms.moc"
