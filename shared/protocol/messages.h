#pragma once

// Every message of protocol v1 as a C++ value type. Field names and meanings follow
// docs/protocol.md; only the codec (codec.h) knows how they are spelled on the wire.

#include "protocol/objects.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

namespace palaver::protocol {

// ---- events (stored ones carry the conversation's seq) -------------------------------------

struct MessageEvent
{
    QString convId;
    qint64 seq = 0;
    ChatMessage message;
    bool operator==(const MessageEvent&) const = default;
};

struct GenerationStart
{
    QString convId;
    qint64 seq = 0;
    QString genId;
    QString msgId;
    QString model;
    bool operator==(const GenerationStart&) const = default;
};

struct GenerationEnd
{
    QString convId;
    qint64 seq = 0;
    QString genId;
    QString msgId;
    FinishReason finish = FinishReason::Stop;
    std::optional<Usage> usage;
    std::optional<ErrorInfo> error;
    ChatMessage message;
    bool operator==(const GenerationEnd&) const = default;
};

/// One stored conversation event, as `history` and `sync` return them.
using Event = std::variant<MessageEvent, GenerationStart, GenerationEnd>;

/// Not stored: numbered 1, 2, 3 … per generation.
struct GenerationDelta
{
    QString convId;
    QString genId;
    qint64 deltaSeq = 0;
    QString text;
    QString reasoning;
    bool operator==(const GenerationDelta&) const = default;
};

struct GenerationStatus
{
    QString convId;
    QString genId;
    GenerationState state = GenerationState::Waiting;
    std::optional<qint64> retryInMs;
    bool operator==(const GenerationStatus&) const = default;
};

// ---- client → server -----------------------------------------------------------------------

struct Login
{
    QString id;
    QString username;
    QString password;
    bool operator==(const Login&) const = default;
};

struct Auth
{
    QString id;
    QString token;
    bool operator==(const Auth&) const = default;
};

/// Creates an account (only when the server allows open registration) and signs in like
/// `login`: the answer is `welcome` with a new token.
struct Register
{
    QString id;
    QString username;
    QString password;
    bool operator==(const Register&) const = default;
};

struct Ping
{
    QString id;
    bool operator==(const Ping&) const = default;
};

/// One page of the user's conversations, in a stable order (by convId). Without `limit` the
/// server's default page size applies; `cursor` is the `nextCursor` of the page before.
struct ConversationsList
{
    QString id;
    // `{}`: requests written before paging leave them out of a brace initialiser.
    std::optional<int> limit {};
    std::optional<QString> cursor {};
    bool operator==(const ConversationsList&) const = default;
};

struct ConversationCreate
{
    QString id;
    std::optional<QString> title;
    std::optional<QString> model;
    std::optional<QString> systemPrompt;
    ConversationKind kind = ConversationKind::Ai;
    /// Usernames: the people a room starts with, or the one other person of a `dm`.
    QStringList members {};
    bool operator==(const ConversationCreate&) const = default;
};

struct ConversationUpdate
{
    QString id;
    QString convId;
    std::optional<QString> title;
    std::optional<QString> model;
    std::optional<QString> systemPrompt;
    bool operator==(const ConversationUpdate&) const = default;
};

struct ConversationDelete
{
    QString id;
    QString convId;
    bool operator==(const ConversationDelete&) const = default;
};

struct HistoryRequest
{
    QString id;
    QString convId;
    std::optional<qint64> beforeSeq;
    int limit = field::defaultHistoryLimit;
    bool operator==(const HistoryRequest&) const = default;
};

struct SyncRequest
{
    QString id;
    QString convId;
    qint64 afterSeq = 0;
    bool operator==(const SyncRequest&) const = default;
};

struct MessageSend
{
    QString id; ///< optional on the wire
    QString convId;
    QString clientMsgId;
    QString text;
    /// In a room or a DM: ask the assistant to answer (as an `@assistant` mention does).
    bool assistant = false;
    bool operator==(const MessageSend&) const = default;
};

struct GenerationStop
{
    QString id;
    QString genId;
    bool operator==(const GenerationStop&) const = default;
};

struct GenerationResume
{
    QString id;
    QString genId;
    qint64 afterDeltaSeq = 0;
    bool operator==(const GenerationResume&) const = default;
};

/// Asks for a NEW reply that goes on from where an ended one (interrupted, stopped, length or
/// error) left off: its partial text is the last assistant turn of the prompt.
struct GenerationContinue
{
    QString id;
    QString genId;
    bool operator==(const GenerationContinue&) const = default;
};

/// Asks for a NEW reply to the user message an ended generation answered (same prompt).
struct GenerationRetry
{
    QString id;
    QString genId;
    bool operator==(const GenerationRetry&) const = default;
};

/// `member.invite`: the owner adds someone to a room by username.
struct MemberInvite
{
    QString id;
    QString convId;
    QString username;
    bool operator==(const MemberInvite&) const = default;
};

/// `member.remove`: the owner takes someone out of a room.
struct MemberRemove
{
    QString id;
    QString convId;
    QString userId;
    bool operator==(const MemberRemove&) const = default;
};

/// `conversation.leave`: the caller leaves a room or a DM.
struct ConversationLeave
{
    QString id;
    QString convId;
    bool operator==(const ConversationLeave&) const = default;
};

/// `typing`: the caller is typing in a conversation (`active` false: stopped). No answer.
struct TypingRequest
{
    QString id; ///< optional; only errors answer
    QString convId;
    bool active = true;
    bool operator==(const TypingRequest&) const = default;
};

/// `presence.set`: the caller is at the keyboard (online) or not (away).
struct PresenceSet
{
    QString id; ///< optional; answered with `ok` when present
    PresenceState state = PresenceState::Online;
    bool operator==(const PresenceSet&) const = default;
};

/// `read`: the caller has read the conversation up to `seq`.
struct ReadRequest
{
    QString id; ///< optional; answered with `ok` when present
    QString convId;
    qint64 seq = 0;
    bool operator==(const ReadRequest&) const = default;
};

using ClientMessage = std::variant<Login, Auth, Register, Ping, ConversationsList,
    ConversationCreate, ConversationUpdate, ConversationDelete, HistoryRequest, SyncRequest,
    MessageSend, GenerationStop, GenerationResume, GenerationContinue, GenerationRetry,
    MemberInvite, MemberRemove, ConversationLeave, TypingRequest, PresenceSet, ReadRequest>;

// ---- server → client -----------------------------------------------------------------------

struct Welcome
{
    QString id;
    int protocol = 1;
    ServerInfo server;
    UserInfo user;
    QString token; ///< only in answer to `login`
    QList<ModelInfo> models;
    Limits limits;
    bool operator==(const Welcome&) const = default;
};

struct Pong
{
    QString id;
    bool operator==(const Pong&) const = default;
};

struct Ok
{
    QString id;
    bool operator==(const Ok&) const = default;
};

struct ConversationsReply
{
    QString id;
    QList<Conversation> items;
    bool hasMore = false; ///< more pages follow: ask again with `cursor` = nextCursor
    QString nextCursor {}; ///< sent only with hasMore
    bool operator==(const ConversationsReply&) const = default;
};

/// Answers create/update; also pushed without `id` to a user's other connections.
struct ConversationReply
{
    QString id;
    Conversation conversation;
    bool operator==(const ConversationReply&) const = default;
};

/// Pushed to a user's connections when one of their conversations is deleted.
struct ConversationDeleted
{
    QString convId;
    RemovalReason reason = RemovalReason::Deleted;
    bool operator==(const ConversationDeleted&) const = default;
};

/// Someone else is typing in a conversation (`active` false: they stopped). Not stored.
struct TypingEvent
{
    QString convId;
    UserInfo user;
    bool active = true;
    bool operator==(const TypingEvent&) const = default;
};

/// A person who shares a room or a DM with the receiver came, went away or left.
struct PresenceEvent
{
    UserInfo user;
    PresenceState state = PresenceState::Offline;
    QDateTime lastSeen; ///< set when `state` is offline
    bool operator==(const PresenceEvent&) const = default;
};

/// A member's read marker moved. `unread` only in the copy sent to that member's own connections.
struct ReadEvent
{
    QString convId;
    QString userId;
    qint64 seq = 0;
    std::optional<qint64> unread;
    bool operator==(const ReadEvent&) const = default;
};

struct HistoryReply
{
    QString id;
    QString convId;
    QList<Event> events;
    bool hasMore = false;
    bool operator==(const HistoryReply&) const = default;
};

struct SyncReply
{
    QString id;
    QString convId;
    QList<Event> events;
    bool hasMore = false;
    QList<LiveGeneration> live;
    bool operator==(const SyncReply&) const = default;
};

struct Ack
{
    QString id; ///< echoed when the send carried one
    QString clientMsgId;
    QString msgId;
    qint64 seq = 0;
    bool duplicate = false;
    bool operator==(const Ack&) const = default;
};

struct Resumed
{
    QString id;
    QString genId;
    qint64 deltaSeq = 0;
    bool operator==(const Resumed&) const = default;
};

struct GenerationSnapshot
{
    QString id;
    QString convId;
    QString genId;
    QString text;
    qint64 deltaSeq = 0;
    bool operator==(const GenerationSnapshot&) const = default;
};

struct Error
{
    QString id;
    ErrorCode code = ErrorCode::Internal;
    QString message;
    std::optional<qint64> retryAfterMs;
    bool operator==(const Error&) const = default;
};

/// An operator's notice to everyone signed in (`palaver-server announce`), also sent right after
/// sign-in while it is valid. Sent again with `expiresAt` in the past when it is withdrawn.
struct Announcement
{
    QString announcementId;
    AnnouncementLevel level = AnnouncementLevel::Info;
    QString text;
    QDateTime createdAt;
    QDateTime expiresAt; ///< invalid: until withdrawn
    bool operator==(const Announcement&) const = default;
};

using ServerMessage = std::variant<Welcome, Pong, Ok, ConversationsReply, ConversationReply,
    ConversationDeleted, HistoryReply, SyncReply, Ack, Resumed, GenerationSnapshot, Error,
    MessageEvent, GenerationStart, GenerationDelta, GenerationStatus, GenerationEnd, TypingEvent,
    PresenceEvent, ReadEvent, Announcement>;

/// The `type` string a message is sent under, e.g. "message.send".
QString typeName(const ClientMessage& message);
QString typeName(const ServerMessage& message);
QString typeName(const Event& event);

/// The request `id` a client message carries (empty when it has none).
QString requestId(const ClientMessage& message);

/// Converts a stored event into the message that carries it live.
ServerMessage toServerMessage(const Event& event);
/// The conversation-scoped seq of a stored event.
qint64 seqOf(const Event& event);

} // namespace palaver::protocol
