#include "samplemessages.h"

namespace palaver::testing {

using namespace protocol;
using namespace Qt::Literals::StringLiterals;

namespace {

const QDateTime kTime = QDateTime::fromMSecsSinceEpoch(1'790'000'000'123, Qt::UTC);

ChatMessage userMessage()
{
    return ChatMessage { u"m1"_s, u"6f1c2d3e-0000-4000-8000-000000000001"_s,
        Author { AuthorKind::User, u"u1"_s, u"alice"_s }, u"Hi\nthere \"quoted\" é"_s,
        MessageStatus::Complete, kTime, QString() };
}

/// An assistant reply that also carries a clientMsgId, so every field of a message is there.
ChatMessage assistantMessage(MessageStatus status)
{
    return ChatMessage { u"m2"_s, u"cm-9"_s,
        Author { AuthorKind::Assistant, u"demo"_s, u"Demo (offline)"_s },
        u"Hello **there** 👋🏽"_s, status, kTime, u"g1"_s };
}

Conversation aiChat()
{
    return Conversation { u"c1"_s, u"Trip to Lisbon"_s, ConversationKind::Ai, u"demo"_s,
        u"Be brief."_s, 7, kTime, MemberRole::Owner, 5, 2 };
}

/// A room seen by a member: an owner who is away, the reader online, someone offline.
Conversation room()
{
    Conversation room { u"c2"_s, u"Team"_s, ConversationKind::Room, u"demo"_s, QString(), 12, kTime,
        MemberRole::Member, 9, 3 };
    room.members = {
        Member { u"u1"_s, u"alice"_s, MemberRole::Owner, PresenceState::Away, QDateTime(), 12 },
        Member { u"u2"_s, u"bob"_s, MemberRole::Member, PresenceState::Online, QDateTime(), 9 },
        Member { u"u3"_s, u"carol"_s, MemberRole::Member, PresenceState::Offline, kTime, 1 },
    };
    return room;
}

Conversation dm()
{
    Conversation dm { u"c3"_s, QString(), ConversationKind::Dm, u"demo"_s, QString(), 0, kTime,
        MemberRole::Member, 0, 0 };
    dm.members = {
        Member { u"u1"_s, u"alice"_s, MemberRole::Member, PresenceState::Online, QDateTime(), 0 },
        Member { u"u4"_s, u"dave"_s, MemberRole::Member, PresenceState::Offline, kTime, 0 },
    };
    return dm;
}

} // namespace

QList<Sample<ClientMessage>> clientSamples()
{
    return {
        { u"login"_s, Login { u"1"_s, u"alice"_s, u"correct horse"_s } },
        { u"auth"_s, Auth { u"2"_s, u"pv1.6f3b1f0e9c2d"_s } },
        { u"register"_s, Register { u"3"_s, u"carol"_s, u"a long passphrase"_s } },
        { u"ping"_s, Ping { u"4"_s } },
        { u"conversations.list"_s, ConversationsList { u"5"_s, 50, u"r9a2"_s } },
        { u"conversation.create"_s,
            ConversationCreate { u"6"_s, u"Book club"_s, u"demo"_s, u"Be brief."_s,
                ConversationKind::Room, { u"bob"_s, u"carol"_s } } },
        { u"conversation.update"_s,
            ConversationUpdate { u"7"_s, u"c1"_s, u"Lisbon in May"_s, u"demo"_s, u"Be kind."_s } },
        { u"conversation.delete"_s, ConversationDelete { u"8"_s, u"c1"_s } },
        { u"history"_s, HistoryRequest { u"9"_s, u"c1"_s, 40, 20 } },
        { u"sync"_s, SyncRequest { u"10"_s, u"c1"_s, 12 } },
        { u"message.send"_s, MessageSend { u"11"_s, u"c2"_s, u"cm-1"_s, u"Hello 🌍"_s, true } },
        { u"generation.stop"_s, GenerationStop { u"12"_s, u"g1"_s } },
        { u"generation.resume"_s, GenerationResume { u"13"_s, u"g1"_s, 41 } },
        { u"generation.continue"_s, GenerationContinue { u"14"_s, u"g1"_s } },
        { u"generation.retry"_s, GenerationRetry { u"15"_s, u"g1"_s } },
        { u"member.invite"_s, MemberInvite { u"16"_s, u"c2"_s, u"dave"_s } },
        { u"member.remove"_s, MemberRemove { u"17"_s, u"c2"_s, u"u3"_s } },
        { u"conversation.leave"_s, ConversationLeave { u"18"_s, u"c2"_s } },
        { u"typing"_s, TypingRequest { u"19"_s, u"c2"_s, false } },
        { u"presence.set"_s, PresenceSet { u"20"_s, PresenceState::Away } },
        { u"read"_s, ReadRequest { u"21"_s, u"c2"_s, 12 } },
    };
}

QList<Sample<ServerMessage>> serverSamples()
{
    const MessageEvent message { u"c1"_s, 3, userMessage() };
    const GenerationStart start { u"c1"_s, 4, u"g1"_s, u"m2"_s, u"demo"_s };
    // Both usage and error: a reply a limit cut short after the upstream reported its usage.
    const GenerationEnd end { u"c1"_s, 5, u"g1"_s, u"m2"_s, FinishReason::Interrupted,
        Usage { 14, 30 }, ErrorInfo { ErrorCode::UpstreamError, u"The reply grew too long"_s },
        assistantMessage(MessageStatus::Interrupted) };
    return {
        { u"welcome"_s,
            Welcome { u"1"_s, 1, { u"palaver-server"_s, u"0.1.0"_s, true }, { u"u1"_s, u"alice"_s },
                u"pv1.6f3b1f0e9c2d"_s,
                { { u"demo"_s, u"Demo (offline)"_s, true }, { u"gpt"_s, u"GPT"_s, false } },
                Limits { 1048576, 32000 } } },
        { u"pong"_s, Pong { u"4"_s } },
        { u"ok"_s, Ok { u"8"_s } },
        { u"conversations, more to come"_s,
            ConversationsReply { u"5"_s, { aiChat(), room(), dm() }, true, u"c3"_s } },
        { u"conversations, last page"_s, ConversationsReply { u"5"_s, { aiChat() }, false, {} } },
        { u"conversation"_s, ConversationReply { u"6"_s, room() } },
        { u"conversation.deleted"_s, ConversationDeleted { u"c2"_s, RemovalReason::Left } },
        { u"history"_s, HistoryReply { u"9"_s, u"c1"_s, { end, start, message }, true } },
        { u"sync"_s,
            SyncReply { u"10"_s, u"c1"_s, { message, start }, true,
                { LiveGeneration { u"g1"_s, u"m2"_s, u"Hel"_s, 2 } } } },
        { u"ack"_s, Ack { u"11"_s, u"cm-1"_s, u"m1"_s, 3, true } },
        { u"resumed"_s, Resumed { u"13"_s, u"g1"_s, 17 } },
        { u"generation.snapshot"_s,
            GenerationSnapshot { u"13"_s, u"c1"_s, u"g1"_s, u"Hello"_s, 5 } },
        { u"error"_s, Error { u"11"_s, ErrorCode::RateLimited, u"Slow down"_s, 1500 } },
        { u"message"_s, message },
        { u"generation.start"_s, start },
        { u"generation.delta"_s,
            GenerationDelta { u"c1"_s, u"g1"_s, 1, u"Hel"_s, u"thinking…"_s } },
        { u"generation.status"_s,
            GenerationStatus { u"c1"_s, u"g1"_s, GenerationState::Retrying, 20000 } },
        { u"generation.end"_s, end },
        { u"typing"_s, TypingEvent { u"c2"_s, { u"u2"_s, u"bob"_s }, true } },
        { u"presence"_s, PresenceEvent { { u"u3"_s, u"carol"_s }, PresenceState::Offline, kTime } },
        { u"read"_s, ReadEvent { u"c2"_s, u"u1"_s, 11, 1 } },
        { u"announcement"_s,
            Announcement { u"3"_s, AnnouncementLevel::Warning, u"Maintenance at 18:00"_s, kTime,
                kTime.addSecs(3600) } },
    };
}

} // namespace palaver::testing
