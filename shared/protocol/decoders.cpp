#include "protocol/decoders.h"

#include "protocol/decodehelpers.h"
#include "protocol/wiretypes.h"

namespace palaver::protocol {

using namespace Qt::Literals::StringLiterals;

using namespace decoding;

void read(JsonReader& in, const Limits&, ServerInfo& out)
{
    out.name = in.requiredString("name"_L1, 200, true);
    out.version = in.requiredString("version"_L1, 200, true);
    // Added after v1 shipped: an older server does not send it, and it means "closed".
    out.registrationOpen = in.optionalBool("registrationOpen"_L1, false);
}

void read(JsonReader& in, const Limits&, UserInfo& out)
{
    out.id = identifier(in, "id"_L1);
    out.name = in.requiredString("name"_L1, field::maxUsernameChars);
}

void read(JsonReader& in, const Limits&, ModelInfo& out)
{
    out.id = in.requiredString("id"_L1, field::maxModelChars);
    out.name = in.requiredString("name"_L1, field::maxModelChars, true);
    out.isDefault = in.optionalBool("default"_L1, false);
}

void read(JsonReader& in, const Limits& limits, Conversation& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.title = in.requiredString("title"_L1, field::maxTitleChars, true);
    out.kind = in.requiredEnum("kind"_L1, ConversationKind::Ai, fromWireName<ConversationKind>);
    out.model = in.optionalString("model"_L1, field::maxModelChars).value_or(QString());
    out.systemPrompt = in.optionalString("systemPrompt"_L1, kUnbounded).value_or(QString());
    out.lastSeq = in.requiredInteger("lastSeq"_L1, 0, kMaxSeq);
    out.updatedAt = time(in, "updatedAt"_L1);
    // Added with rooms: a server from before them only had the user's own AI chats.
    out.role = in.optionalEnum("role"_L1, MemberRole::Owner, fromWireName<MemberRole>);
    out.lastReadSeq = in.optionalInteger("lastReadSeq"_L1, 0, kMaxSeq).value_or(0);
    out.unread = in.optionalInteger("unread"_L1, 0, kMaxSeq).value_or(0);
    readOptionalList(in, limits, "members"_L1, out.members);
}

void read(JsonReader& in, const Limits&, Author& out)
{
    out.kind = in.requiredEnum("kind"_L1, AuthorKind::User, fromWireName<AuthorKind>);
    out.id = in.requiredString("id"_L1, field::maxIdentifierChars, true);
    out.name = in.requiredString("name"_L1, field::maxUsernameChars, true);
}

void read(JsonReader& in, const Limits& limits, ChatMessage& out)
{
    out.msgId = identifier(in, "msgId"_L1);
    out.clientMsgId
        = in.optionalString("clientMsgId"_L1, field::maxIdentifierChars).value_or(QString());
    readObject(in, limits, "author"_L1, out.author);
    out.text = in.requiredString("text"_L1, kUnbounded, true);
    out.status = in.requiredEnum("status"_L1, MessageStatus::Complete, fromWireName<MessageStatus>);
    out.createdAt = time(in, "createdAt"_L1);
    out.genId = in.optionalString("genId"_L1, field::maxIdentifierChars).value_or(QString());
}

void read(JsonReader& in, const Limits&, Usage& out)
{
    out.inputTokens = in.requiredInteger("inputTokens"_L1, 0, kMaxSeq);
    out.outputTokens = in.requiredInteger("outputTokens"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits&, ErrorInfo& out)
{
    // A code this build does not know is still an error; show it as `internal` with its text.
    out.code = errorCodeFromName(in.requiredString("code"_L1, 64)).value_or(ErrorCode::Internal);
    out.message = in.requiredString("message"_L1, kUnbounded, true);
}

void read(JsonReader& in, const Limits&, LiveGeneration& out)
{
    out.genId = identifier(in, "genId"_L1);
    out.msgId = identifier(in, "msgId"_L1);
    out.text = in.requiredString("text"_L1, kUnbounded, true);
    out.deltaSeq = in.requiredInteger("deltaSeq"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits&, Limits& out)
{
    out.maxFrameBytes = in.requiredInteger("maxFrameBytes"_L1, 1, kMaxSeq);
    out.maxTextChars = int(in.requiredInteger("maxTextChars"_L1, 1, kMaxCount));
}

void read(JsonReader& in, const Limits& limits, MessageEvent& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.seq = in.requiredInteger("seq"_L1, 1, kMaxSeq);
    readObject(in, limits, "message"_L1, out.message);
}

void read(JsonReader& in, const Limits&, GenerationStart& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.seq = in.requiredInteger("seq"_L1, 1, kMaxSeq);
    out.genId = identifier(in, "genId"_L1);
    out.msgId = identifier(in, "msgId"_L1);
    out.model = in.optionalString("model"_L1, field::maxModelChars).value_or(QString());
}

void read(JsonReader& in, const Limits& limits, GenerationEnd& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.seq = in.requiredInteger("seq"_L1, 1, kMaxSeq);
    out.genId = identifier(in, "genId"_L1);
    out.msgId = identifier(in, "msgId"_L1);
    out.finish = in.requiredEnum("finish"_L1, FinishReason::Error, fromWireName<FinishReason>);
    readOptionalObject(in, limits, "usage"_L1, out.usage);
    readOptionalObject(in, limits, "error"_L1, out.error);
    readObject(in, limits, "message"_L1, out.message);
}

void read(JsonReader& in, const Limits&, GenerationDelta& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.genId = identifier(in, "genId"_L1);
    out.deltaSeq = in.requiredInteger("deltaSeq"_L1, 1, kMaxSeq);
    out.text = in.optionalString("text"_L1, kUnbounded).value_or(QString());
    out.reasoning = in.optionalString("reasoning"_L1, kUnbounded).value_or(QString());
}

void read(JsonReader& in, const Limits&, GenerationStatus& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.genId = identifier(in, "genId"_L1);
    out.state
        = in.requiredEnum("state"_L1, GenerationState::Waiting, fromWireName<GenerationState>);
    out.retryInMs = in.optionalInteger("retryInMs"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits&, Login& out)
{
    out.id = requestIdOf(in);
    out.username = in.requiredString("username"_L1, field::maxUsernameChars);
    out.password = in.requiredString("password"_L1, field::maxPasswordChars);
}

void read(JsonReader& in, const Limits&, Register& out)
{
    out.id = requestIdOf(in);
    out.username = in.requiredString("username"_L1, field::maxUsernameChars);
    out.password = in.requiredString("password"_L1, field::maxPasswordChars);
}

void read(JsonReader& in, const Limits&, Auth& out)
{
    out.id = requestIdOf(in);
    out.token = in.requiredString("token"_L1, field::maxTokenChars);
}

void read(JsonReader& in, const Limits&, Ping& out)
{
    out.id = requestIdOf(in);
}
void read(JsonReader& in, const Limits&, ConversationsList& out)
{
    out.id = requestIdOf(in);
    if (const auto limit = in.optionalInteger("limit"_L1, 1, field::maxConversationPage))
        out.limit = int(*limit);
    out.cursor = in.optionalString("cursor"_L1, field::maxCursorChars);
}

void read(JsonReader& in, const Limits& limits, ConversationCreate& out)
{
    out.id = requestIdOf(in);
    out.kind = in.optionalEnum("kind"_L1, ConversationKind::Ai, fromWireName<ConversationKind>);
    out.members
        = in.optionalStringList("members"_L1, field::maxCreateMembers, field::maxUsernameChars);
    out.title = in.optionalString("title"_L1, field::maxTitleChars);
    out.model = in.optionalString("model"_L1, field::maxModelChars);
    out.systemPrompt
        = in.optionalString("systemPrompt"_L1, limits.maxTextChars, ErrorCode::TooLarge);
}

void read(JsonReader& in, const Limits& limits, ConversationUpdate& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.title = in.optionalString("title"_L1, field::maxTitleChars);
    out.model = in.optionalString("model"_L1, field::maxModelChars);
    out.systemPrompt
        = in.optionalString("systemPrompt"_L1, limits.maxTextChars, ErrorCode::TooLarge);
}

void read(JsonReader& in, const Limits&, ConversationDelete& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
}

void read(JsonReader& in, const Limits&, HistoryRequest& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.beforeSeq = in.optionalInteger("beforeSeq"_L1, 1, kMaxSeq);
    out.limit = int(in.optionalInteger("limit"_L1, 1, field::maxHistoryLimit)
                        .value_or(field::defaultHistoryLimit));
}

void read(JsonReader& in, const Limits&, SyncRequest& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.afterSeq = in.requiredInteger("afterSeq"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits& limits, MessageSend& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.clientMsgId = identifier(in, "clientMsgId"_L1);
    out.text = in.requiredString("text"_L1, limits.maxTextChars, false, ErrorCode::TooLarge);
    if (in.ok() && out.text.trimmed().isEmpty())
        in.fail(ErrorCode::BadRequest, QStringLiteral("Field 'text' must not be blank"));
    out.assistant = in.optionalBool("assistant"_L1, false);
}

void read(JsonReader& in, const Limits&, GenerationStop& out)
{
    out.id = requestIdOf(in);
    out.genId = identifier(in, "genId"_L1);
}

void read(JsonReader& in, const Limits&, GenerationResume& out)
{
    out.id = requestIdOf(in);
    out.genId = identifier(in, "genId"_L1);
    out.afterDeltaSeq = in.requiredInteger("afterDeltaSeq"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits&, GenerationContinue& out)
{
    out.id = requestIdOf(in);
    out.genId = identifier(in, "genId"_L1);
}

void read(JsonReader& in, const Limits&, GenerationRetry& out)
{
    out.id = requestIdOf(in);
    out.genId = identifier(in, "genId"_L1);
}

void read(JsonReader& in, const Limits& limits, Welcome& out)
{
    out.id = requestIdOf(in);
    out.protocol = int(in.requiredInteger("protocol"_L1, 1, kMaxCount));
    readObject(in, limits, "server"_L1, out.server);
    readObject(in, limits, "user"_L1, out.user);
    out.token = in.optionalString("token"_L1, field::maxTokenChars).value_or(QString());
    readList(in, limits, "models"_L1, out.models);
    readObject(in, limits, "limits"_L1, out.limits);
}

void read(JsonReader& in, const Limits&, Pong& out)
{
    out.id = requestIdOf(in);
}
void read(JsonReader& in, const Limits&, Ok& out)
{
    out.id = requestIdOf(in);
}

void read(JsonReader& in, const Limits& limits, ConversationsReply& out)
{
    out.id = requestIdOf(in);
    readList(in, limits, "items"_L1, out.items);
    out.hasMore = in.optionalBool("hasMore"_L1, false);
    if (out.hasMore)
        out.nextCursor = in.requiredString("nextCursor"_L1, field::maxCursorChars);
}

void read(JsonReader& in, const Limits& limits, ConversationReply& out)
{
    out.id = requestIdOf(in);
    readObject(in, limits, "conversation"_L1, out.conversation);
}

void read(JsonReader& in, const Limits&, ConversationDeleted& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.reason = in.optionalEnum("reason"_L1, RemovalReason::Deleted, fromWireName<RemovalReason>);
}

void read(JsonReader& in, const Limits& limits, HistoryReply& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    readList(in, limits, "events"_L1, out.events);
    out.hasMore = in.optionalBool("hasMore"_L1, false);
}

void read(JsonReader& in, const Limits& limits, SyncReply& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    readList(in, limits, "events"_L1, out.events);
    out.hasMore = in.optionalBool("hasMore"_L1, false);
    if (in.object().contains("live"_L1))
        readList(in, limits, "live"_L1, out.live);
}

void read(JsonReader& in, const Limits&, Ack& out)
{
    out.id = requestIdOf(in);
    out.clientMsgId = identifier(in, "clientMsgId"_L1);
    out.msgId = identifier(in, "msgId"_L1);
    out.seq = in.requiredInteger("seq"_L1, 1, kMaxSeq);
    out.duplicate = in.optionalBool("duplicate"_L1, false);
}

void read(JsonReader& in, const Limits&, Resumed& out)
{
    out.id = requestIdOf(in);
    out.genId = identifier(in, "genId"_L1);
    out.deltaSeq = in.requiredInteger("deltaSeq"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits&, GenerationSnapshot& out)
{
    out.id = requestIdOf(in);
    out.convId = in.optionalString("convId"_L1, field::maxIdentifierChars).value_or(QString());
    out.genId = identifier(in, "genId"_L1);
    out.text = in.requiredString("text"_L1, kUnbounded, true);
    out.deltaSeq = in.requiredInteger("deltaSeq"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits&, Error& out)
{
    out.id = requestIdOf(in);
    out.code = errorCodeFromName(in.requiredString("code"_L1, 64)).value_or(ErrorCode::Internal);
    out.message = in.requiredString("message"_L1, kUnbounded, true);
    out.retryAfterMs = in.optionalInteger("retryAfterMs"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits& limits, Event& out)
{
    const QString type = in.requiredString("type"_L1, 64);
    if (!in.ok())
        return;
    auto readAs = [&](auto event) {
        read(in, limits, event);
        out = event;
    };
    if (type == WireType<MessageEvent>::value)
        readAs(MessageEvent {});
    else if (type == WireType<GenerationStart>::value)
        readAs(GenerationStart {});
    else if (type == WireType<GenerationEnd>::value)
        readAs(GenerationEnd {});
    else
        in.fail(ErrorCode::BadRequest, QStringLiteral("'%1' is not a stored event type").arg(type));
}

void read(JsonReader& in, const Limits&, Announcement& out)
{
    out.announcementId = identifier(in, "announcementId"_L1);
    // An unknown level (a newer server's) is shown as info rather than refused.
    const QString level = in.optionalString("level"_L1, 32).value_or(QString());
    out.level = fromWireName<AnnouncementLevel>(level).value_or(AnnouncementLevel::Info);
    out.text = in.requiredString("text"_L1, field::maxAnnouncementChars);
    out.createdAt = time(in, "createdAt"_L1);
    out.expiresAt = time(in, "expiresAt"_L1);
}

} // namespace palaver::protocol
