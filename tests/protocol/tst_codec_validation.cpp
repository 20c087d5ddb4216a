// Every class of malformed client input is rejected with the protocol's error code, echoing the
// request id whenever the frame carried a valid one.

#include "protocol/codec.h"

#include <QTest>

using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(palaver::protocol::ErrorCode)

class TestCodecValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rejects_data();
    void rejects();
    void ignoresUnknownFields();
    void textLimitFollowsServerLimits();
    void acceptsTextAtTheLimit();
    void serverSideDecodeRejectsMissingFields();
    void registrationOpenIsOptional();
    void serverInfoBody();
};

void TestCodecValidation::rejects_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("echoedId");

    const QString none;
    const QString longText = QString(33000, u'x');
    QTest::newRow("empty frame") << QByteArray() << ErrorCode::BadRequest << none;
    QTest::newRow("malformed json")
        << QByteArray(R"({"type":"ping","id":"1")") << ErrorCode::BadRequest << none;
    QTest::newRow("trailing garbage")
        << QByteArray(R"({"type":"ping"} x)") << ErrorCode::BadRequest << none;
    QTest::newRow("array frame") << QByteArray(R"([{"type":"ping"}])") << ErrorCode::BadRequest
                                 << none;
    QTest::newRow("string frame") << QByteArray(R"("ping")") << ErrorCode::BadRequest << none;
    QTest::newRow("missing type") << QByteArray(R"({"id":"7"})") << ErrorCode::BadRequest << u"7"_s;
    QTest::newRow("type is a number")
        << QByteArray(R"({"id":"7","type":5})") << ErrorCode::BadRequest << u"7"_s;
    QTest::newRow("empty type") << QByteArray(R"({"id":"7","type":""})") << ErrorCode::BadRequest
                                << u"7"_s;
    QTest::newRow("unknown type") << QByteArray(R"({"id":"7","type":"teleport"})")
                                  << ErrorCode::Unsupported << u"7"_s;
    QTest::newRow("server type sent by client")
        << QByteArray(R"({"id":"7","type":"welcome"})") << ErrorCode::Unsupported << u"7"_s;
    QTest::newRow("id is a number")
        << QByteArray(R"({"id":7,"type":"ping"})") << ErrorCode::BadRequest << none;
    QTest::newRow("id is an object")
        << QByteArray(R"({"id":{},"type":"ping"})") << ErrorCode::BadRequest << none;
    QTest::newRow("id too long") << (R"({"type":"ping","id":")" + QByteArray(65, 'a') + R"("})")
                                 << ErrorCode::BadRequest << none;
    QTest::newRow("login without password")
        << QByteArray(R"({"id":"1","type":"login","username":"a"})") << ErrorCode::BadRequest
        << u"1"_s;
    QTest::newRow("login password not a string")
        << QByteArray(R"({"id":"1","type":"login","username":"a","password":123})")
        << ErrorCode::BadRequest << u"1"_s;
    QTest::newRow("login empty username")
        << QByteArray(R"({"id":"1","type":"login","username":"","password":"p"})")
        << ErrorCode::BadRequest << u"1"_s;
    QTest::newRow("register without password")
        << QByteArray(R"({"id":"1","type":"register","username":"a"})") << ErrorCode::BadRequest
        << u"1"_s;
    QTest::newRow("register empty username")
        << QByteArray(R"({"id":"1","type":"register","username":"","password":"p"})")
        << ErrorCode::BadRequest << u"1"_s;
    QTest::newRow("send without clientMsgId")
        << QByteArray(R"({"id":"2","type":"message.send","convId":"c","text":"hi"})")
        << ErrorCode::BadRequest << u"2"_s;
    QTest::newRow("send text is null") << QByteArray(
        R"({"id":"2","type":"message.send","convId":"c","clientMsgId":"m","text":null})")
                                       << ErrorCode::BadRequest << u"2"_s;
    QTest::newRow("send blank text") << QByteArray(
        R"({"id":"2","type":"message.send","convId":"c","clientMsgId":"m","text":" \n "})")
                                     << ErrorCode::BadRequest << u"2"_s;
    QTest::newRow("send text too long")
        << (R"({"id":"2","type":"message.send","convId":"c","clientMsgId":"m","text":")"
               + longText.toUtf8() + R"("})")
        << ErrorCode::TooLarge << u"2"_s;
    QTest::newRow("convId is an array")
        << QByteArray(R"({"id":"3","type":"conversation.delete","convId":["c"]})")
        << ErrorCode::BadRequest << u"3"_s;
    QTest::newRow("sync afterSeq negative")
        << QByteArray(R"({"id":"4","type":"sync","convId":"c","afterSeq":-1})")
        << ErrorCode::BadRequest << u"4"_s;
    QTest::newRow("sync afterSeq fractional")
        << QByteArray(R"({"id":"4","type":"sync","convId":"c","afterSeq":1.5})")
        << ErrorCode::BadRequest << u"4"_s;
    QTest::newRow("sync afterSeq a string")
        << QByteArray(R"({"id":"4","type":"sync","convId":"c","afterSeq":"1"})")
        << ErrorCode::BadRequest << u"4"_s;
    QTest::newRow("history limit above 200")
        << QByteArray(R"({"id":"5","type":"history","convId":"c","limit":201})")
        << ErrorCode::BadRequest << u"5"_s;
    QTest::newRow("history limit zero")
        << QByteArray(R"({"id":"5","type":"history","convId":"c","limit":0})")
        << ErrorCode::BadRequest << u"5"_s;
    QTest::newRow("title too long")
        << (R"({"id":"6","type":"conversation.create","title":")" + QByteArray(201, 't') + R"("})")
        << ErrorCode::BadRequest << u"6"_s;
    QTest::newRow("system prompt too long")
        << (R"({"id":"6","type":"conversation.create","systemPrompt":")" + longText.toUtf8()
               + R"("})")
        << ErrorCode::TooLarge << u"6"_s;
    QTest::newRow("resume without afterDeltaSeq")
        << QByteArray(R"({"id":"8","type":"generation.resume","genId":"g"})")
        << ErrorCode::BadRequest << u"8"_s;
    QTest::newRow("continue without genId")
        << QByteArray(R"({"id":"10","type":"generation.continue"})") << ErrorCode::BadRequest
        << u"10"_s;
    QTest::newRow("retry genId a number")
        << QByteArray(R"({"id":"11","type":"generation.retry","genId":7})") << ErrorCode::BadRequest
        << u"11"_s;
    QTest::newRow("create kind unknown")
        << QByteArray(R"({"id":"12","type":"conversation.create","kind":"group"})")
        << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("create kind a number")
        << QByteArray(R"({"id":"12","type":"conversation.create","kind":1})")
        << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("create members a string")
        << QByteArray(R"({"id":"12","type":"conversation.create","kind":"dm","members":"bob"})")
        << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("create members holding a number") << QByteArray(
        R"({"id":"12","type":"conversation.create","kind":"room","members":["bob",7]})")
                                                     << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("create members holding an empty name")
        << QByteArray(R"({"id":"12","type":"conversation.create","kind":"room","members":[""]})")
        << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("create member name too long")
        << (R"({"id":"12","type":"conversation.create","kind":"room","members":[")"
               + QByteArray(65, 'n') + R"("]})")
        << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("create too many members")
        << (R"({"id":"12","type":"conversation.create","kind":"room","members":[)"
               + QByteArray("\"u\",").repeated(100) + R"("u"]})")
        << ErrorCode::BadRequest << u"12"_s;
    QTest::newRow("send assistant a string") << QByteArray(
        R"({"id":"2","type":"message.send","convId":"c","clientMsgId":"m","text":"hi","assistant":"yes"})")
                                             << ErrorCode::BadRequest << u"2"_s;
    QTest::newRow("invite without convId")
        << QByteArray(R"({"id":"13","type":"member.invite","username":"bob"})")
        << ErrorCode::BadRequest << u"13"_s;
    QTest::newRow("invite without username")
        << QByteArray(R"({"id":"13","type":"member.invite","convId":"c"})") << ErrorCode::BadRequest
        << u"13"_s;
    QTest::newRow("invite username too long")
        << (R"({"id":"13","type":"member.invite","convId":"c","username":")" + QByteArray(65, 'n')
               + R"("})")
        << ErrorCode::BadRequest << u"13"_s;
    QTest::newRow("remove without userId")
        << QByteArray(R"({"id":"14","type":"member.remove","convId":"c"})") << ErrorCode::BadRequest
        << u"14"_s;
    QTest::newRow("remove userId a number")
        << QByteArray(R"({"id":"14","type":"member.remove","convId":"c","userId":3})")
        << ErrorCode::BadRequest << u"14"_s;
    QTest::newRow("leave without convId")
        << QByteArray(R"({"id":"15","type":"conversation.leave"})") << ErrorCode::BadRequest
        << u"15"_s;
    QTest::newRow("typing without convId")
        << QByteArray(R"({"id":"16","type":"typing","active":true})") << ErrorCode::BadRequest
        << u"16"_s;
    QTest::newRow("typing active a string")
        << QByteArray(R"({"type":"typing","convId":"c","active":"no"})") << ErrorCode::BadRequest
        << none;
    QTest::newRow("presence.set offline")
        << QByteArray(R"({"id":"17","type":"presence.set","state":"offline"})")
        << ErrorCode::BadRequest << u"17"_s;
    QTest::newRow("presence.set unknown state")
        << QByteArray(R"({"id":"17","type":"presence.set","state":"busy"})")
        << ErrorCode::BadRequest << u"17"_s;
    QTest::newRow("presence.set without state")
        << QByteArray(R"({"id":"17","type":"presence.set"})") << ErrorCode::BadRequest << u"17"_s;
    QTest::newRow("read without convId")
        << QByteArray(R"({"id":"18","type":"read","seq":3})") << ErrorCode::BadRequest << u"18"_s;
    QTest::newRow("read without seq") << QByteArray(R"({"id":"18","type":"read","convId":"c"})")
                                      << ErrorCode::BadRequest << u"18"_s;
    QTest::newRow("read seq negative")
        << QByteArray(R"({"id":"18","type":"read","convId":"c","seq":-1})") << ErrorCode::BadRequest
        << u"18"_s;
    QTest::newRow("read seq a string")
        << QByteArray(R"({"type":"read","convId":"c","seq":"3"})") << ErrorCode::BadRequest << none;
    QTest::newRow("server presence sent by client")
        << QByteArray(R"({"id":"19","type":"presence","state":"online"})") << ErrorCode::Unsupported
        << u"19"_s;
    QTest::newRow("huge integer") << QByteArray(
        R"({"id":"9","type":"sync","convId":"c","afterSeq":1e300})")
                                  << ErrorCode::BadRequest << u"9"_s;
}

void TestCodecValidation::rejects()
{
    QFETCH(QByteArray, frame);
    QFETCH(ErrorCode, code);
    QFETCH(QString, echoedId);
    const Decoded<ClientMessage> decoded = decodeClientMessage(frame);
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.error.code), errorCodeName(code));
    QCOMPARE(decoded.error.id, echoedId);
    QVERIFY2(!decoded.error.message.isEmpty(), "every error carries a readable message");
}

void TestCodecValidation::ignoresUnknownFields()
{
    const Decoded<ClientMessage> decoded
        = decodeClientMessage(R"({"type":"ping","id":"1","future":{"x":[1,2]},"flag":true})");
    QVERIFY(decoded.ok());
    QCOMPARE(std::get<Ping>(*decoded.message).id, u"1"_s);
}

void TestCodecValidation::textLimitFollowsServerLimits()
{
    Limits limits;
    limits.maxTextChars = 10;
    const Decoded<ClientMessage> decoded = decodeClientMessage(
        R"({"type":"message.send","convId":"c","clientMsgId":"m","text":"eleven char"})", limits);
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.error.code), u"too_large"_s);
}

void TestCodecValidation::acceptsTextAtTheLimit()
{
    Limits limits;
    limits.maxTextChars = 11;
    const Decoded<ClientMessage> decoded = decodeClientMessage(
        R"({"type":"message.send","convId":"c","clientMsgId":"m","text":"eleven char"})", limits);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(std::get<MessageSend>(*decoded.message).text, u"eleven char"_s);
}

void TestCodecValidation::serverSideDecodeRejectsMissingFields()
{
    const Decoded<ServerMessage> decoded
        = decodeServerMessage(R"({"type":"ack","clientMsgId":"m"})");
    QVERIFY(!decoded.ok());
    QCOMPARE(errorCodeName(decoded.error.code), u"bad_request"_s);
    const Decoded<ServerMessage> unknown = decodeServerMessage(R"({"type":"teleport"})");
    QCOMPARE(errorCodeName(unknown.error.code), u"unsupported"_s);
}

// A server from before open registration sends no `server.registrationOpen`: that means closed.
void TestCodecValidation::registrationOpenIsOptional()
{
    const QByteArray old
        = R"({"type":"welcome","id":"1","protocol":1,"server":{"name":"s","version":"1"},)"
          R"("user":{"id":"u","name":"a"},"models":[],"limits":{"maxFrameBytes":4096,"maxTextChars":10}})";
    const Decoded<ServerMessage> decoded = decodeServerMessage(old);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error.message));
    QCOMPARE(std::get<Welcome>(*decoded.message).server.registrationOpen, false);

    QByteArray open = old;
    open.replace(R"("version":"1"})", R"("version":"1","registrationOpen":true})");
    const Decoded<ServerMessage> decodedOpen = decodeServerMessage(open);
    QVERIFY2(decodedOpen.ok(), qPrintable(decodedOpen.error.message));
    QCOMPARE(std::get<Welcome>(*decodedOpen.message).server.registrationOpen, true);

    QByteArray wrong = old;
    wrong.replace(R"("version":"1"})", R"("version":"1","registrationOpen":"yes"})");
    QVERIFY(!decodeServerMessage(wrong).ok());
}

// The GET /v1/info body round-trips, and what is not one is refused.
void TestCodecValidation::serverInfoBody()
{
    const ServerInfo info { u"palaver-server"_s, u"0.1.0"_s, true };
    const QByteArray body = encodeServerInfo(info);
    QVERIFY(body.contains(R"("registrationOpen":true)"));
    QCOMPARE(decodeServerInfo(body), std::optional<ServerInfo>(info));
    QVERIFY(!decodeServerInfo(R"({"name":"x"})"));
    QVERIFY(!decodeServerInfo("not json"));
    QVERIFY(!decodeServerInfo(R"({"name":"x","version":"1","registrationOpen":1})"));
}

QTEST_GUILESS_MAIN(TestCodecValidation)
#include "tst_codec_validation.moc"
