// Every protocol message survives encode → decode unchanged, and is sent under its documented type.

#include "protocol/codec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(ClientMessage)
Q_DECLARE_METATYPE(ServerMessage)

namespace {

const QDateTime kTime = QDateTime::fromMSecsSinceEpoch(1'790'000'000'123, Qt::UTC);

ChatMessage assistantMessage(MessageStatus status)
{
    return ChatMessage { u"m2"_s, QString(),
        Author { AuthorKind::Assistant, u"assistant"_s, u"Demo"_s }, u"Hello **there** 👋🏽"_s,
        status, kTime, u"g1"_s };
}

ChatMessage userMessage()
{
    return ChatMessage { u"m1"_s, u"6f1c2d3e-0000-4000-8000-000000000001"_s,
        Author { AuthorKind::User, u"u1"_s, u"alice"_s }, u"Hi\nthere \"quoted\" é"_s,
        MessageStatus::Complete, kTime, QString() };
}

Conversation conversation()
{
    return Conversation { u"c1"_s, u"Trip to Lisbon"_s, ConversationKind::Ai, u"demo"_s,
        u"Be brief."_s, 7, kTime };
}

/// A room seen by a member: an owner who is away, the reader online, someone offline.
Conversation room()
{
    Conversation room { u"c2"_s, u"Team"_s, ConversationKind::Room, u"demo"_s, QString(), 12, kTime,
        MemberRole::Member, 9, 3 };
    room.members = {
        Member { u"u1"_s, u"alice"_s, MemberRole::Owner, PresenceState::Away, QDateTime(), 12 },
        Member { u"u2"_s, u"bob"_s, MemberRole::Member, PresenceState::Online, QDateTime(), 9 },
        Member { u"u3"_s, u"carol"_s, MemberRole::Member, PresenceState::Offline, kTime, 0 },
    };
    return room;
}

/// A DM: no owner, a member who was never seen (offline without lastSeen).
Conversation dm()
{
    Conversation dm { u"c3"_s, QString(), ConversationKind::Dm, u"demo"_s, QString(), 0, kTime,
        MemberRole::Member, 0, 0 };
    dm.members = {
        Member { u"u1"_s, u"alice"_s, MemberRole::Member, PresenceState::Online, QDateTime(), 0 },
        Member { u"u4"_s, u"dave"_s, MemberRole::Member, PresenceState::Offline, QDateTime(), 0 },
    };
    return dm;
}

QString typeOnWire(const QByteArray& frame)
{
    return QJsonDocument::fromJson(frame).object().value("type"_L1).toString();
}

} // namespace

class TestCodecRoundTrip : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientMessages_data();
    void clientMessages();
    void serverMessages_data();
    void serverMessages();
    void everyClientTypeIsCovered();
};

void TestCodecRoundTrip::clientMessages_data()
{
    QTest::addColumn<ClientMessage>("message");
    QTest::addColumn<QString>("type");
    QTest::newRow("login") << ClientMessage(Login { u"1"_s, u"alice"_s, u"s3cret pass"_s })
                           << u"login"_s;
    QTest::newRow("auth") << ClientMessage(Auth { u"2"_s, u"tok"_s }) << u"auth"_s;
    QTest::newRow("register") << ClientMessage(Register { u"2"_s, u"carol"_s, u"long enough"_s })
                              << u"register"_s;
    QTest::newRow("ping") << ClientMessage(Ping { u"3"_s }) << u"ping"_s;
    QTest::newRow("conversations.list")
        << ClientMessage(ConversationsList { u"4"_s, {}, {} }) << u"conversations.list"_s;
    QTest::newRow("conversations.list paged")
        << ClientMessage(ConversationsList { u"4"_s, 200, u"r9a2"_s }) << u"conversations.list"_s;
    QTest::newRow("conversations.list first page")
        << ClientMessage(ConversationsList { u"4"_s, 50, {} }) << u"conversations.list"_s;
    QTest::newRow("conversation.create empty")
        << ClientMessage(ConversationCreate { u"5"_s, {}, {}, {}, {}, {} })
        << u"conversation.create"_s;
    QTest::newRow("conversation.create full") << ClientMessage(
        ConversationCreate { u"5"_s, u"T"_s, u"demo"_s, u"sys"_s, ConversationKind::Ai, {} })
                                              << u"conversation.create"_s;
    QTest::newRow("conversation.create room") << ClientMessage(ConversationCreate {
        u"5"_s, u"Team"_s, {}, {}, ConversationKind::Room, { u"bob"_s, u"carol"_s } })
                                              << u"conversation.create"_s;
    QTest::newRow("conversation.create empty room")
        << ClientMessage(ConversationCreate { u"5"_s, {}, {}, {}, ConversationKind::Room, {} })
        << u"conversation.create"_s;
    QTest::newRow("conversation.create dm") << ClientMessage(
        ConversationCreate { u"5"_s, {}, {}, {}, ConversationKind::Dm, { u"bob"_s } })
                                            << u"conversation.create"_s;
    QTest::newRow("conversation.update")
        << ClientMessage(ConversationUpdate { u"6"_s, u"c1"_s, u"New title"_s, {}, u""_s })
        << u"conversation.update"_s;
    QTest::newRow("conversation.delete")
        << ClientMessage(ConversationDelete { u"7"_s, u"c1"_s }) << u"conversation.delete"_s;
    QTest::newRow("history") << ClientMessage(HistoryRequest { u"8"_s, u"c1"_s, 40, 20 })
                             << u"history"_s;
    QTest::newRow("history no before")
        << ClientMessage(HistoryRequest { u"8"_s, u"c1"_s, {}, 200 }) << u"history"_s;
    QTest::newRow("sync") << ClientMessage(SyncRequest { u"9"_s, u"c1"_s, 12 }) << u"sync"_s;
    QTest::newRow("message.send") << ClientMessage(MessageSend { u"10"_s, u"c1"_s, u"cm-1"_s,
        u"Hello 🌍"_s }) << u"message.send"_s;
    QTest::newRow("message.send without id")
        << ClientMessage(MessageSend { QString(), u"c1"_s, u"cm-2"_s, u"x"_s })
        << u"message.send"_s;
    QTest::newRow("message.send to the assistant")
        << ClientMessage(MessageSend { u"10"_s, u"c2"_s, u"cm-3"_s, u"What now?"_s, true })
        << u"message.send"_s;
    QTest::newRow("generation.stop")
        << ClientMessage(GenerationStop { u"11"_s, u"g1"_s }) << u"generation.stop"_s;
    QTest::newRow("generation.resume")
        << ClientMessage(GenerationResume { u"12"_s, u"g1"_s, 41 }) << u"generation.resume"_s;
    QTest::newRow("generation.continue")
        << ClientMessage(GenerationContinue { u"13"_s, u"g1"_s }) << u"generation.continue"_s;
    QTest::newRow("generation.retry")
        << ClientMessage(GenerationRetry { u"14"_s, u"g1"_s }) << u"generation.retry"_s;
    QTest::newRow("member.invite")
        << ClientMessage(MemberInvite { u"15"_s, u"c2"_s, u"carol"_s }) << u"member.invite"_s;
    QTest::newRow("member.remove")
        << ClientMessage(MemberRemove { u"16"_s, u"c2"_s, u"u3"_s }) << u"member.remove"_s;
    QTest::newRow("conversation.leave")
        << ClientMessage(ConversationLeave { u"17"_s, u"c2"_s }) << u"conversation.leave"_s;
    QTest::newRow("typing") << ClientMessage(TypingRequest { QString(), u"c2"_s, true })
                            << u"typing"_s;
    QTest::newRow("typing stopped, with id")
        << ClientMessage(TypingRequest { u"18"_s, u"c2"_s, false }) << u"typing"_s;
    QTest::newRow("presence.set away")
        << ClientMessage(PresenceSet { u"19"_s, PresenceState::Away }) << u"presence.set"_s;
    QTest::newRow("presence.set online without id")
        << ClientMessage(PresenceSet { QString(), PresenceState::Online }) << u"presence.set"_s;
    QTest::newRow("read") << ClientMessage(ReadRequest { u"20"_s, u"c2"_s, 12 }) << u"read"_s;
    QTest::newRow("read without id")
        << ClientMessage(ReadRequest { QString(), u"c2"_s, 0 }) << u"read"_s;
}

void TestCodecRoundTrip::clientMessages()
{
    QFETCH(ClientMessage, message);
    QFETCH(QString, type);
    const QByteArray frame = encode(message);
    QCOMPARE(typeOnWire(frame), type);
    QCOMPARE(typeName(message), type);
    const Decoded<ClientMessage> decoded = decodeClientMessage(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QVERIFY(*decoded.message == message);
}

void TestCodecRoundTrip::serverMessages_data()
{
    QTest::addColumn<ServerMessage>("message");
    QTest::addColumn<QString>("type");
    const GenerationEnd end { u"c1"_s, 9, u"g1"_s, u"m2"_s, FinishReason::Stop, Usage { 14, 30 },
        std::nullopt, assistantMessage(MessageStatus::Complete) };
    const GenerationEnd failed { u"c1"_s, 9, u"g1"_s, u"m2"_s, FinishReason::Error, std::nullopt,
        ErrorInfo { ErrorCode::UpstreamError, u"The model server refused the API key (401)"_s },
        assistantMessage(MessageStatus::Error) };
    const MessageEvent message { u"c1"_s, 3, userMessage() };
    const GenerationStart start { u"c1"_s, 4, u"g1"_s, u"m2"_s, u"demo"_s };

    QTest::newRow("welcome") << ServerMessage(
        Welcome { u"1"_s, 1, { u"palaver-server"_s, u"0.1.0"_s }, { u"u1"_s, u"alice"_s }, u"tok"_s,
            { { u"demo"_s, u"Demo (offline)"_s, true }, { u"gpt"_s, u"GPT"_s, false } },
            Limits { 4096, 100 } })
                             << u"welcome"_s;
    QTest::newRow("welcome, registration open") << ServerMessage(Welcome {
        u"1"_s, 1, { u"s"_s, u"v"_s, true }, { u"u1"_s, u"carol"_s }, u"tok"_s, {}, Limits {} })
                                                << u"welcome"_s;
    QTest::newRow("welcome without token") << ServerMessage(Welcome {
        u"1"_s, 1, { u"s"_s, u"v"_s }, { u"u1"_s, u"alice"_s }, QString(), {}, Limits {} })
                                           << u"welcome"_s;
    QTest::newRow("pong") << ServerMessage(Pong { u"2"_s }) << u"pong"_s;
    QTest::newRow("ok") << ServerMessage(Ok { u"3"_s }) << u"ok"_s;
    QTest::newRow("conversations") << ServerMessage(
        ConversationsReply { u"4"_s, { conversation(), conversation() }, false, {} })
                                   << u"conversations"_s;
    QTest::newRow("conversations with more")
        << ServerMessage(ConversationsReply { u"4"_s, { conversation(), room() }, true, u"r9a2"_s })
        << u"conversations"_s;
    QTest::newRow("conversation") << ServerMessage(ConversationReply { u"5"_s, conversation() })
                                  << u"conversation"_s;
    QTest::newRow("conversation pushed")
        << ServerMessage(ConversationReply { QString(), conversation() }) << u"conversation"_s;
    QTest::newRow("conversation.deleted")
        << ServerMessage(ConversationDeleted { u"c1"_s }) << u"conversation.deleted"_s;
    QTest::newRow("conversation.deleted left")
        << ServerMessage(ConversationDeleted { u"c2"_s, RemovalReason::Left })
        << u"conversation.deleted"_s;
    QTest::newRow("conversation.deleted removed")
        << ServerMessage(ConversationDeleted { u"c2"_s, RemovalReason::Removed })
        << u"conversation.deleted"_s;
    QTest::newRow("conversation room")
        << ServerMessage(ConversationReply { u"5"_s, room() }) << u"conversation"_s;
    QTest::newRow("conversation dm pushed")
        << ServerMessage(ConversationReply { QString(), dm() }) << u"conversation"_s;
    QTest::newRow("conversations of every kind")
        << ServerMessage(ConversationsReply { u"4"_s, { conversation(), room(), dm() }, false, {} })
        << u"conversations"_s;
    Conversation emptyRoom = room();
    emptyRoom.members.clear();
    QTest::newRow("conversation room without members")
        << ServerMessage(ConversationReply { QString(), emptyRoom }) << u"conversation"_s;
    QTest::newRow("history") << ServerMessage(
        HistoryReply { u"6"_s, u"c1"_s, { message, start, end }, true })
                             << u"history"_s;
    QTest::newRow("sync") << ServerMessage(SyncReply { u"7"_s, u"c1"_s, { message, start }, false,
        { LiveGeneration { u"g1"_s, u"m2"_s, u"Hel"_s, 2 } } })
                          << u"sync"_s;
    QTest::newRow("ack") << ServerMessage(Ack { u"8"_s, u"cm-1"_s, u"m1"_s, 3, true }) << u"ack"_s;
    QTest::newRow("ack without id")
        << ServerMessage(Ack { QString(), u"cm-1"_s, u"m1"_s, 3, false }) << u"ack"_s;
    QTest::newRow("resumed") << ServerMessage(Resumed { u"9"_s, u"g1"_s, 17 }) << u"resumed"_s;
    QTest::newRow("generation.snapshot")
        << ServerMessage(GenerationSnapshot { u"10"_s, u"c1"_s, u"g1"_s, u"Hello"_s, 5 })
        << u"generation.snapshot"_s;
    QTest::newRow("error") << ServerMessage(Error { u"11"_s, ErrorCode::RateLimited, u"Slow down"_s,
        1234 }) << u"error"_s;
    QTest::newRow("error without id") << ServerMessage(
        Error { QString(), ErrorCode::BadRequest, u"Malformed JSON"_s, std::nullopt })
                                      << u"error"_s;
    QTest::newRow("message") << ServerMessage(message) << u"message"_s;
    QTest::newRow("generation.start") << ServerMessage(start) << u"generation.start"_s;
    QTest::newRow("generation.delta")
        << ServerMessage(GenerationDelta { u"c1"_s, u"g1"_s, 1, u"Hel"_s, u"thinking…"_s })
        << u"generation.delta"_s;
    QTest::newRow("generation.status")
        << ServerMessage(GenerationStatus { u"c1"_s, u"g1"_s, GenerationState::Retrying, 20000 })
        << u"generation.status"_s;
    QTest::newRow("generation.end") << ServerMessage(end) << u"generation.end"_s;
    QTest::newRow("generation.end error") << ServerMessage(failed) << u"generation.end"_s;
    QTest::newRow("typing event") << ServerMessage(TypingEvent { u"c2"_s, { u"u2"_s, u"bob"_s },
        true }) << u"typing"_s;
    QTest::newRow("typing event stopped")
        << ServerMessage(TypingEvent { u"c2"_s, { u"u2"_s, u"bob"_s }, false }) << u"typing"_s;
    QTest::newRow("presence online") << ServerMessage(
        PresenceEvent { { u"u2"_s, u"bob"_s }, PresenceState::Online, QDateTime() })
                                     << u"presence"_s;
    QTest::newRow("presence away")
        << ServerMessage(PresenceEvent { { u"u2"_s, u"bob"_s }, PresenceState::Away, QDateTime() })
        << u"presence"_s;
    QTest::newRow("presence offline")
        << ServerMessage(PresenceEvent { { u"u2"_s, u"bob"_s }, PresenceState::Offline, kTime })
        << u"presence"_s;
    QTest::newRow("read event") << ServerMessage(ReadEvent { u"c2"_s, u"u2"_s, 11, std::nullopt })
                                << u"read"_s;
    QTest::newRow("read event, own copy")
        << ServerMessage(ReadEvent { u"c2"_s, u"u1"_s, 11, 1 }) << u"read"_s;
    QTest::newRow("read event, nothing unread")
        << ServerMessage(ReadEvent { u"c2"_s, u"u1"_s, 12, 0 }) << u"read"_s;
    QTest::newRow("announcement") << ServerMessage(Announcement {
        u"3"_s, AnnouncementLevel::Warning, u"Maintenance at 18:00"_s, kTime, kTime.addSecs(3600) })
                                  << u"announcement"_s;
    QTest::newRow("announcement, until withdrawn") << ServerMessage(
        Announcement { u"4"_s, AnnouncementLevel::Info, u"Welcome"_s, kTime, QDateTime() })
                                                   << u"announcement"_s;
}

void TestCodecRoundTrip::serverMessages()
{
    QFETCH(ServerMessage, message);
    QFETCH(QString, type);
    const QByteArray frame = encode(message);
    QCOMPARE(typeOnWire(frame), type);
    QCOMPARE(typeName(message), type);
    const Decoded<ServerMessage> decoded = decodeServerMessage(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QVERIFY2(*decoded.message == message, frame.constData());
}

// The data rows above name each client type; a new alternative without a row fails here.
void TestCodecRoundTrip::everyClientTypeIsCovered()
{
    QCOMPARE(std::variant_size_v<ClientMessage>, std::size_t(21));
    QCOMPARE(std::variant_size_v<ServerMessage>, std::size_t(21));
}

QTEST_GUILESS_MAIN(TestCodecRoundTrip)
#include "tst_codec_roundtrip.moc"
