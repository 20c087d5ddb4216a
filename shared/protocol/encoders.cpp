#include "protocol/encoders.h"

#include "protocol/encodehelpers.h"

namespace palaver::protocol {

using namespace Qt::Literals::StringLiterals;

using namespace encoding;

QString toWireTime(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromWireTime(const QString& text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

QJsonObject toJson(const ServerInfo& v)
{
    return { { "name"_L1, v.name }, { "version"_L1, v.version },
        { "registrationOpen"_L1, v.registrationOpen } };
}

QJsonObject toJson(const UserInfo& v)
{
    return { { "id"_L1, v.id }, { "name"_L1, v.name } };
}

QJsonObject toJson(const ModelInfo& v)
{
    return { { "id"_L1, v.id }, { "name"_L1, v.name }, { "default"_L1, v.isDefault } };
}

QJsonObject toJson(const Conversation& v)
{
    QJsonObject object {
        { "convId"_L1, v.convId },
        { "title"_L1, v.title },
        { "kind"_L1, wireName(v.kind) },
        { "model"_L1, v.model },
        { "systemPrompt"_L1, v.systemPrompt },
        { "lastSeq"_L1, v.lastSeq },
        { "updatedAt"_L1, toWireTime(v.updatedAt) },
        { "role"_L1, wireName(v.role) },
        { "lastReadSeq"_L1, v.lastReadSeq },
        { "unread"_L1, v.unread },
    };
    // A private AI chat has no member list; a room or DM always shows one, even when empty.
    if (v.kind != ConversationKind::Ai || !v.members.isEmpty())
        object.insert("members"_L1, toJsonArray(v.members));
    return object;
}

QJsonObject toJson(const Author& v)
{
    return { { "kind"_L1, wireName(v.kind) }, { "id"_L1, v.id }, { "name"_L1, v.name } };
}

QJsonObject toJson(const ChatMessage& v)
{
    QJsonObject object {
        { "msgId"_L1, v.msgId },
        { "author"_L1, toJson(v.author) },
        { "text"_L1, v.text },
        { "status"_L1, wireName(v.status) },
        { "createdAt"_L1, toWireTime(v.createdAt) },
    };
    insertIfNotEmpty(object, "clientMsgId"_L1, v.clientMsgId);
    insertIfNotEmpty(object, "genId"_L1, v.genId);
    return object;
}

QJsonObject toJson(const Usage& v)
{
    return { { "inputTokens"_L1, v.inputTokens }, { "outputTokens"_L1, v.outputTokens } };
}

QJsonObject toJson(const ErrorInfo& v)
{
    return { { "code"_L1, errorCodeName(v.code) }, { "message"_L1, v.message } };
}

QJsonObject toJson(const LiveGeneration& v)
{
    return { { "genId"_L1, v.genId }, { "msgId"_L1, v.msgId }, { "text"_L1, v.text },
        { "deltaSeq"_L1, v.deltaSeq } };
}

QJsonObject toJson(const Limits& v)
{
    return { { "maxFrameBytes"_L1, v.maxFrameBytes }, { "maxTextChars"_L1, v.maxTextChars } };
}

QJsonObject toJson(const MessageEvent& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("seq"_L1, v.seq);
    object.insert("message"_L1, toJson(v.message));
    return object;
}

QJsonObject toJson(const GenerationStart& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("seq"_L1, v.seq);
    object.insert("genId"_L1, v.genId);
    object.insert("msgId"_L1, v.msgId);
    object.insert("model"_L1, v.model);
    return object;
}

QJsonObject toJson(const GenerationEnd& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("seq"_L1, v.seq);
    object.insert("genId"_L1, v.genId);
    object.insert("msgId"_L1, v.msgId);
    object.insert("finish"_L1, wireName(v.finish));
    if (v.usage)
        object.insert("usage"_L1, toJson(*v.usage));
    if (v.error)
        object.insert("error"_L1, toJson(*v.error));
    object.insert("message"_L1, toJson(v.message));
    return object;
}

QJsonObject toJson(const GenerationDelta& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("genId"_L1, v.genId);
    object.insert("deltaSeq"_L1, v.deltaSeq);
    object.insert("text"_L1, v.text);
    insertIfNotEmpty(object, "reasoning"_L1, v.reasoning);
    return object;
}

QJsonObject toJson(const GenerationStatus& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("genId"_L1, v.genId);
    object.insert("state"_L1, wireName(v.state));
    if (v.retryInMs)
        object.insert("retryInMs"_L1, *v.retryInMs);
    return object;
}

QJsonObject toJson(const Login& v)
{
    QJsonObject object = message(v);
    object.insert("username"_L1, v.username);
    object.insert("password"_L1, v.password);
    return object;
}

QJsonObject toJson(const Register& v)
{
    QJsonObject object = message(v);
    object.insert("username"_L1, v.username);
    object.insert("password"_L1, v.password);
    return object;
}

QJsonObject toJson(const Auth& v)
{
    QJsonObject object = message(v);
    object.insert("token"_L1, v.token);
    return object;
}

QJsonObject toJson(const Ping& v)
{
    return message(v);
}
QJsonObject toJson(const ConversationsList& v)
{
    QJsonObject object = message(v);
    if (v.limit)
        object.insert("limit"_L1, *v.limit);
    if (v.cursor)
        object.insert("cursor"_L1, *v.cursor);
    return object;
}

QJsonObject toJson(const ConversationCreate& v)
{
    QJsonObject object = message(v);
    // Defaults are left out, so an AI chat is created with the same frame as before rooms.
    if (v.kind != ConversationKind::Ai)
        object.insert("kind"_L1, wireName(v.kind));
    if (!v.members.isEmpty())
        object.insert("members"_L1, QJsonArray::fromStringList(v.members));
    insertOptional(object, "title"_L1, v.title);
    insertOptional(object, "model"_L1, v.model);
    insertOptional(object, "systemPrompt"_L1, v.systemPrompt);
    return object;
}

QJsonObject toJson(const ConversationUpdate& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    insertOptional(object, "title"_L1, v.title);
    insertOptional(object, "model"_L1, v.model);
    insertOptional(object, "systemPrompt"_L1, v.systemPrompt);
    return object;
}

QJsonObject toJson(const ConversationDelete& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    return object;
}

QJsonObject toJson(const HistoryRequest& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    if (v.beforeSeq)
        object.insert("beforeSeq"_L1, *v.beforeSeq);
    object.insert("limit"_L1, v.limit);
    return object;
}

QJsonObject toJson(const SyncRequest& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("afterSeq"_L1, v.afterSeq);
    return object;
}

QJsonObject toJson(const MessageSend& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("clientMsgId"_L1, v.clientMsgId);
    object.insert("text"_L1, v.text);
    if (v.assistant)
        object.insert("assistant"_L1, true);
    return object;
}

QJsonObject toJson(const GenerationStop& v)
{
    QJsonObject object = message(v);
    object.insert("genId"_L1, v.genId);
    return object;
}

QJsonObject toJson(const GenerationResume& v)
{
    QJsonObject object = message(v);
    object.insert("genId"_L1, v.genId);
    object.insert("afterDeltaSeq"_L1, v.afterDeltaSeq);
    return object;
}

QJsonObject toJson(const GenerationContinue& v)
{
    QJsonObject object = message(v);
    object.insert("genId"_L1, v.genId);
    return object;
}

QJsonObject toJson(const GenerationRetry& v)
{
    QJsonObject object = message(v);
    object.insert("genId"_L1, v.genId);
    return object;
}

QJsonObject toJson(const Welcome& v)
{
    QJsonObject object = message(v);
    object.insert("protocol"_L1, v.protocol);
    object.insert("server"_L1, toJson(v.server));
    object.insert("user"_L1, toJson(v.user));
    insertIfNotEmpty(object, "token"_L1, v.token);
    object.insert("models"_L1, toJsonArray(v.models));
    object.insert("limits"_L1, toJson(v.limits));
    return object;
}

QJsonObject toJson(const Pong& v)
{
    return message(v);
}
QJsonObject toJson(const Ok& v)
{
    return message(v);
}

QJsonObject toJson(const ConversationsReply& v)
{
    QJsonObject object = message(v);
    object.insert("items"_L1, toJsonArray(v.items));
    if (v.hasMore) {
        object.insert("hasMore"_L1, true);
        object.insert("nextCursor"_L1, v.nextCursor);
    }
    return object;
}

QJsonObject toJson(const ConversationReply& v)
{
    QJsonObject object = message(v);
    object.insert("conversation"_L1, toJson(v.conversation));
    return object;
}

QJsonObject toJson(const ConversationDeleted& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    if (v.reason != RemovalReason::Deleted)
        object.insert("reason"_L1, wireName(v.reason));
    return object;
}

QJsonObject toJson(const HistoryReply& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("events"_L1, toJsonArray(v.events));
    object.insert("hasMore"_L1, v.hasMore);
    return object;
}

QJsonObject toJson(const SyncReply& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("events"_L1, toJsonArray(v.events));
    object.insert("hasMore"_L1, v.hasMore);
    object.insert("live"_L1, toJsonArray(v.live));
    return object;
}

QJsonObject toJson(const Ack& v)
{
    QJsonObject object = message(v);
    object.insert("clientMsgId"_L1, v.clientMsgId);
    object.insert("msgId"_L1, v.msgId);
    object.insert("seq"_L1, v.seq);
    object.insert("duplicate"_L1, v.duplicate);
    return object;
}

QJsonObject toJson(const Resumed& v)
{
    QJsonObject object = message(v);
    object.insert("genId"_L1, v.genId);
    object.insert("deltaSeq"_L1, v.deltaSeq);
    return object;
}

QJsonObject toJson(const GenerationSnapshot& v)
{
    QJsonObject object = message(v);
    insertIfNotEmpty(object, "convId"_L1, v.convId);
    object.insert("genId"_L1, v.genId);
    object.insert("text"_L1, v.text);
    object.insert("deltaSeq"_L1, v.deltaSeq);
    return object;
}

QJsonObject toJson(const Error& v)
{
    QJsonObject object = message(v);
    object.insert("code"_L1, errorCodeName(v.code));
    object.insert("message"_L1, v.message);
    if (v.retryAfterMs)
        object.insert("retryAfterMs"_L1, *v.retryAfterMs);
    return object;
}

QJsonObject toJson(const Event& value)
{
    return std::visit([](const auto& event) { return toJson(event); }, value);
}

QJsonObject toJson(const Announcement& v)
{
    QJsonObject object = message(v);
    object.insert("announcementId"_L1, v.announcementId);
    object.insert("level"_L1, wireName(v.level));
    object.insert("text"_L1, v.text);
    insertIfValid(object, "createdAt"_L1, v.createdAt);
    insertIfValid(object, "expiresAt"_L1, v.expiresAt);
    return object;
}

} // namespace palaver::protocol
