// What rooms and DMs added to the wire: the exact JSON of each new message and field (what is
// always sent, what is left out), the defaults an older peer's frames decode to, and the
// validation of server frames that carry the new fields.

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
const QString kTimeText = u"2026-09-21T14:13:20.123Z"_s;

QJsonObject objectOf(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

Conversation aiChat()
{
    return Conversation { u"c1"_s, u"Trip"_s, ConversationKind::Ai, u"demo"_s, QString(), 7,
        kTime };
}

} // namespace

class TestCodecRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientWireShape_data();
    void clientWireShape();
    void serverWireShape_data();
    void serverWireShape();
    void olderFramesDecodeToDefaults();
    void sameTypeNameByDirection();
    void acceptsAHundredMembers();
    void serverFramesAreValidated_data();
    void serverFramesAreValidated();
};

void TestCodecRooms::clientWireShape_data()
{
    QTest::addColumn<ClientMessage>("message");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("create ai leaves kind and members out")
        << ClientMessage(ConversationCreate { u"1"_s, u"T"_s, {}, {}, ConversationKind::Ai, {} })
        << QByteArray(R"({"type":"conversation.create","id":"1","title":"T"})");
    QTest::newRow("create room") << ClientMessage(
        ConversationCreate { u"1"_s, {}, {}, {}, ConversationKind::Room, { u"bob"_s, u"carol"_s } })
                                 << QByteArray(R"({"type":"conversation.create","id":"1",)"
                                               R"("kind":"room","members":["bob","carol"]})");
    QTest::newRow("create dm") << ClientMessage(
        ConversationCreate { u"1"_s, {}, {}, {}, ConversationKind::Dm, { u"bob"_s } })
                               << QByteArray(R"({"type":"conversation.create","id":"1",)"
                                             R"("kind":"dm","members":["bob"]})");
    QTest::newRow("send leaves assistant:false out")
        << ClientMessage(MessageSend { QString(), u"c"_s, u"m"_s, u"hi"_s, false })
        << QByteArray(R"({"type":"message.send","convId":"c","clientMsgId":"m","text":"hi"})");
    QTest::newRow("send with assistant")
        << ClientMessage(MessageSend { QString(), u"c"_s, u"m"_s, u"hi"_s, true })
        << QByteArray(R"({"type":"message.send","convId":"c",)"
                      R"("clientMsgId":"m","text":"hi","assistant":true})");
    QTest::newRow("invite")
        << ClientMessage(MemberInvite { u"2"_s, u"c"_s, u"bob"_s })
        << QByteArray(R"({"type":"member.invite","id":"2","convId":"c","username":"bob"})");
    QTest::newRow("remove") << ClientMessage(MemberRemove { u"3"_s, u"c"_s,
        u"u2"_s }) << QByteArray(R"({"type":"member.remove","id":"3","convId":"c","userId":"u2"})");
    QTest::newRow("leave") << ClientMessage(ConversationLeave { u"4"_s, u"c"_s })
                           << QByteArray(R"({"type":"conversation.leave","id":"4","convId":"c"})");
    QTest::newRow("typing") << ClientMessage(TypingRequest { QString(), u"c"_s, false })
                            << QByteArray(R"({"type":"typing","convId":"c","active":false})");
    QTest::newRow("presence.set") << ClientMessage(PresenceSet { QString(), PresenceState::Away })
                                  << QByteArray(R"({"type":"presence.set","state":"away"})");
    QTest::newRow("read") << ClientMessage(ReadRequest { u"5"_s, u"c"_s, 9 })
                          << QByteArray(R"({"type":"read","id":"5","convId":"c","seq":9})");
}

void TestCodecRooms::clientWireShape()
{
    QFETCH(ClientMessage, message);
    QFETCH(QByteArray, json);
    QCOMPARE(objectOf(encode(message)), objectOf(json));
}

void TestCodecRooms::serverWireShape_data()
{
    QTest::addColumn<ServerMessage>("message");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("ai chat: role, lastReadSeq, unread always; no members")
        << ServerMessage(ConversationReply { QString(), aiChat() })
        << (R"({"type":"conversation","conversation":{"convId":"c1","title":"Trip","kind":"ai",)"
            R"("model":"demo","systemPrompt":"","lastSeq":7,"updatedAt":")"
               + kTimeText.toUtf8() + R"(","role":"owner","lastReadSeq":0,"unread":0}})");

    Conversation room { u"c2"_s, u"Team"_s, ConversationKind::Room, u"demo"_s, QString(), 4, kTime,
        MemberRole::Member, 2, 1 };
    QTest::newRow("room without members still sends an empty list")
        << ServerMessage(ConversationReply { QString(), room })
        << (R"({"type":"conversation","conversation":{"convId":"c2","title":"Team","kind":"room",)"
            R"("model":"demo","systemPrompt":"","lastSeq":4,"updatedAt":")"
               + kTimeText.toUtf8()
               + R"(","role":"member","lastReadSeq":2,"unread":1,"members":[]}})");

    room.members = {
        Member { u"u1"_s, u"alice"_s, MemberRole::Owner, PresenceState::Online, QDateTime(), 4 },
        Member { u"u2"_s, u"bob"_s, MemberRole::Member, PresenceState::Offline, kTime, 2 },
    };
    QTest::newRow("room members; lastSeen only when known")
        << ServerMessage(ConversationReply { u"9"_s, room })
        << (R"({"type":"conversation","id":"9","conversation":{"convId":"c2","title":"Team",)"
            R"("kind":"room","model":"demo","systemPrompt":"","lastSeq":4,"updatedAt":")"
               + kTimeText.toUtf8()
               + R"(","role":"member","lastReadSeq":2,"unread":1,"members":[)"
                 R"({"id":"u1","name":"alice","role":"owner","presence":"online","lastReadSeq":4},)"
                 R"({"id":"u2","name":"bob","role":"member","presence":"offline","lastSeen":")"
               + kTimeText.toUtf8() + R"(","lastReadSeq":2}]}})");

    QTest::newRow("deleted leaves reason deleted out")
        << ServerMessage(ConversationDeleted { u"c"_s, RemovalReason::Deleted })
        << QByteArray(R"({"type":"conversation.deleted","convId":"c"})");
    QTest::newRow("deleted because left")
        << ServerMessage(ConversationDeleted { u"c"_s, RemovalReason::Left })
        << QByteArray(R"({"type":"conversation.deleted","convId":"c","reason":"left"})");
    QTest::newRow("deleted because removed")
        << ServerMessage(ConversationDeleted { u"c"_s, RemovalReason::Removed })
        << QByteArray(R"({"type":"conversation.deleted","convId":"c","reason":"removed"})");
    QTest::newRow("typing event") << ServerMessage(
        TypingEvent { u"c"_s, { u"u2"_s, u"bob"_s }, true })
                                  << QByteArray(
                                         R"({"type":"typing","convId":"c",)"
                                         R"("user":{"id":"u2","name":"bob"},"active":true})");
    QTest::newRow("presence online has no lastSeen")
        << ServerMessage(
               PresenceEvent { { u"u2"_s, u"bob"_s }, PresenceState::Online, QDateTime() })
        << QByteArray(R"({"type":"presence","user":{"id":"u2","name":"bob"},"state":"online"})");
    QTest::newRow("presence offline with lastSeen")
        << ServerMessage(PresenceEvent { { u"u2"_s, u"bob"_s }, PresenceState::Offline, kTime })
        << (R"({"type":"presence","user":{"id":"u2","name":"bob"},"state":"offline","lastSeen":")"
               + kTimeText.toUtf8() + R"("})");
    QTest::newRow("read for others leaves unread out")
        << ServerMessage(ReadEvent { u"c"_s, u"u2"_s, 5, std::nullopt })
        << QByteArray(R"({"type":"read","convId":"c","userId":"u2","seq":5})");
    QTest::newRow("read for the reader has unread, zero included")
        << ServerMessage(ReadEvent { u"c"_s, u"u2"_s, 5, 0 })
        << QByteArray(R"({"type":"read","convId":"c","userId":"u2","seq":5,"unread":0})");
}

void TestCodecRooms::serverWireShape()
{
    QFETCH(ServerMessage, message);
    QFETCH(QByteArray, json);
    QCOMPARE(objectOf(encode(message)), objectOf(json));
}

// Frames of a peer from before rooms (no new fields) decode to the contract's defaults.
void TestCodecRooms::olderFramesDecodeToDefaults()
{
    const auto create = decodeClientMessage(R"({"type":"conversation.create","id":"1"})");
    QVERIFY2(create.ok(), qPrintable(create.error.message));
    QCOMPARE(std::get<ConversationCreate>(*create.message).kind, ConversationKind::Ai);
    QVERIFY(std::get<ConversationCreate>(*create.message).members.isEmpty());

    const auto send = decodeClientMessage(
        R"({"type":"message.send","convId":"c","clientMsgId":"m","text":"hi"})");
    QVERIFY2(send.ok(), qPrintable(send.error.message));
    QCOMPARE(std::get<MessageSend>(*send.message).assistant, false);

    const auto typing = decodeClientMessage(R"({"type":"typing","convId":"c"})");
    QVERIFY2(typing.ok(), qPrintable(typing.error.message));
    QCOMPARE(std::get<TypingRequest>(*typing.message).active, true);

    const auto conversation = decodeServerMessage(
        R"({"type":"conversation","conversation":{"convId":"c","title":"T","kind":"ai",)"
        R"("model":"demo","systemPrompt":"","lastSeq":3,"updatedAt":"2026-11-21T10:52:14.123Z"}})");
    QVERIFY2(conversation.ok(), qPrintable(conversation.error.message));
    const Conversation& c = std::get<ConversationReply>(*conversation.message).conversation;
    QCOMPARE(c.role, MemberRole::Owner);
    QCOMPARE(c.lastReadSeq, 0);
    QCOMPARE(c.unread, 0);
    QVERIFY(c.members.isEmpty());

    const auto deleted = decodeServerMessage(R"({"type":"conversation.deleted","convId":"c"})");
    QVERIFY2(deleted.ok(), qPrintable(deleted.error.message));
    QCOMPARE(std::get<ConversationDeleted>(*deleted.message).reason, RemovalReason::Deleted);

    const auto read = decodeServerMessage(R"({"type":"read","convId":"c","userId":"u","seq":2})");
    QVERIFY2(read.ok(), qPrintable(read.error.message));
    QCOMPARE(std::get<ReadEvent>(*read.message).unread, std::nullopt);
}

// `typing` and `read` name a request from a client and an event from a server.
void TestCodecRooms::sameTypeNameByDirection()
{
    const QByteArray typing = R"({"type":"typing","convId":"c","user":{"id":"u","name":"bob"}})";
    QVERIFY(std::holds_alternative<TypingRequest>(*decodeClientMessage(typing).message));
    QVERIFY(std::holds_alternative<TypingEvent>(*decodeServerMessage(typing).message));
    const QByteArray read = R"({"type":"read","convId":"c","userId":"u","seq":2})";
    QVERIFY(std::holds_alternative<ReadRequest>(*decodeClientMessage(read).message));
    QVERIFY(std::holds_alternative<ReadEvent>(*decodeServerMessage(read).message));
    QCOMPARE(typeName(ClientMessage(TypingRequest {})), typeName(ServerMessage(TypingEvent {})));
    QCOMPARE(typeName(ClientMessage(ReadRequest {})), typeName(ServerMessage(ReadEvent {})));
}

void TestCodecRooms::acceptsAHundredMembers()
{
    QStringList names;
    for (int i = 0; i < 100; ++i)
        names.append(u"user%1"_s.arg(i));
    names.last() = QString(64, u'n');
    const ConversationCreate create { u"1"_s, {}, {}, {}, ConversationKind::Room, names };
    const auto decoded = decodeClientMessage(encode(create));
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(std::get<ConversationCreate>(*decoded.message).members, names);
}

void TestCodecRooms::serverFramesAreValidated_data()
{
    QTest::addColumn<QByteArray>("frame");
    const QByteArray head = R"({"type":"conversation","conversation":{"convId":"c","title":"T",)"
                            R"("kind":"room","lastSeq":1,)";
    const QByteArray member = R"({"id":"u","name":"bob","role":"member","presence":"online")";
    QTest::newRow("conversation role unknown") << head + R"("role":"admin"}})";
    QTest::newRow("conversation unread negative") << head + R"("unread":-1}})";
    QTest::newRow("conversation lastReadSeq a string") << head + R"("lastReadSeq":"1"}})";
    QTest::newRow("conversation members an object") << head + R"("members":{}}})";
    QTest::newRow("conversation members holding a string") << head + R"("members":["bob"]}})";
    QTest::newRow("member without presence")
        << head + R"("members":[{"id":"u","name":"bob","role":"member"}]}})";
    QTest::newRow("member presence unknown")
        << head + R"("members":[{"id":"u","name":"bob","role":"member","presence":"busy"}]}})";
    QTest::newRow("member role unknown")
        << head + R"("members":[{"id":"u","name":"bob","role":"king","presence":"away"}]}})";
    QTest::newRow("member without id")
        << head + R"("members":[{"name":"bob","role":"member","presence":"away"}]}})";
    QTest::newRow("member lastSeen a number")
        << head + R"("members":[)" + member + R"(,"lastSeen":5}]}})";
    QTest::newRow("deleted reason unknown")
        << QByteArray(R"({"type":"conversation.deleted","convId":"c","reason":"banned"})");
    QTest::newRow("typing without user") << QByteArray(R"({"type":"typing","convId":"c"})");
    QTest::newRow("typing user without name")
        << QByteArray(R"({"type":"typing","convId":"c","user":{"id":"u"}})");
    QTest::newRow("presence without state")
        << QByteArray(R"({"type":"presence","user":{"id":"u","name":"bob"}})");
    QTest::newRow("presence state unknown")
        << QByteArray(R"({"type":"presence","user":{"id":"u","name":"bob"},"state":"dnd"})");
    QTest::newRow("read without userId") << QByteArray(R"({"type":"read","convId":"c","seq":1})");
    QTest::newRow("read unread fractional")
        << QByteArray(R"({"type":"read","convId":"c","userId":"u","seq":1,"unread":0.5})");
}

void TestCodecRooms::serverFramesAreValidated()
{
    QFETCH(QByteArray, frame);
    const Decoded<ServerMessage> decoded = decodeServerMessage(frame);
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.error.code), u"bad_request"_s);
    QVERIFY2(!decoded.error.message.isEmpty(), "every error carries a readable message");
}

QTEST_GUILESS_MAIN(TestCodecRooms)
#include "tst_codec_rooms.moc"
