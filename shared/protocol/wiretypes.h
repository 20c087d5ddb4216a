#pragma once

// The `type` string of every message: the one table the codec and typeName() share.

#include "protocol/messages.h"

#include <QStringView>

namespace palaver::protocol {

template<typename T> struct WireType;

#define PALAVER_WIRE_TYPE(Type, name)                                                              \
    template<> struct WireType<Type>                                                               \
    {                                                                                              \
        static constexpr QStringView value = u##name;                                              \
    }

PALAVER_WIRE_TYPE(Login, "login");
PALAVER_WIRE_TYPE(Auth, "auth");
PALAVER_WIRE_TYPE(Register, "register");
PALAVER_WIRE_TYPE(Ping, "ping");
PALAVER_WIRE_TYPE(ConversationsList, "conversations.list");
PALAVER_WIRE_TYPE(ConversationCreate, "conversation.create");
PALAVER_WIRE_TYPE(ConversationUpdate, "conversation.update");
PALAVER_WIRE_TYPE(ConversationDelete, "conversation.delete");
PALAVER_WIRE_TYPE(HistoryRequest, "history");
PALAVER_WIRE_TYPE(SyncRequest, "sync");
PALAVER_WIRE_TYPE(MessageSend, "message.send");
PALAVER_WIRE_TYPE(GenerationStop, "generation.stop");
PALAVER_WIRE_TYPE(GenerationResume, "generation.resume");
PALAVER_WIRE_TYPE(GenerationContinue, "generation.continue");
PALAVER_WIRE_TYPE(GenerationRetry, "generation.retry");
PALAVER_WIRE_TYPE(MemberInvite, "member.invite");
PALAVER_WIRE_TYPE(MemberRemove, "member.remove");
PALAVER_WIRE_TYPE(ConversationLeave, "conversation.leave");
PALAVER_WIRE_TYPE(TypingRequest, "typing");
PALAVER_WIRE_TYPE(PresenceSet, "presence.set");
PALAVER_WIRE_TYPE(ReadRequest, "read");

PALAVER_WIRE_TYPE(Welcome, "welcome");
PALAVER_WIRE_TYPE(Pong, "pong");
PALAVER_WIRE_TYPE(Ok, "ok");
PALAVER_WIRE_TYPE(ConversationsReply, "conversations");
PALAVER_WIRE_TYPE(ConversationReply, "conversation");
PALAVER_WIRE_TYPE(ConversationDeleted, "conversation.deleted");
PALAVER_WIRE_TYPE(HistoryReply, "history");
PALAVER_WIRE_TYPE(SyncReply, "sync");
PALAVER_WIRE_TYPE(Ack, "ack");
PALAVER_WIRE_TYPE(Resumed, "resumed");
PALAVER_WIRE_TYPE(GenerationSnapshot, "generation.snapshot");
PALAVER_WIRE_TYPE(Error, "error");
PALAVER_WIRE_TYPE(MessageEvent, "message");
PALAVER_WIRE_TYPE(GenerationStart, "generation.start");
PALAVER_WIRE_TYPE(GenerationDelta, "generation.delta");
PALAVER_WIRE_TYPE(GenerationStatus, "generation.status");
PALAVER_WIRE_TYPE(GenerationEnd, "generation.end");
// `typing` and `read` are also client types: the codec only ever looks a type up within one
// direction's variant, so the same name maps to the request or to the event by who sent it.
PALAVER_WIRE_TYPE(TypingEvent, "typing");
PALAVER_WIRE_TYPE(PresenceEvent, "presence");
PALAVER_WIRE_TYPE(ReadEvent, "read");
PALAVER_WIRE_TYPE(Announcement, "announcement");

#undef PALAVER_WIRE_TYPE

template<typename T> QString wireTypeOf(const T&)
{
    return WireType<T>::value.toString();
}

} // namespace palaver::protocol
