#pragma once

// JSON → value for every protocol type. Each reads its fields through a JsonReader, which records
// the first validation failure; callers check reader.ok() afterwards.

#include "protocol/jsonreader.h"
#include "protocol/messages.h"

namespace palaver::protocol {

void read(JsonReader& in, const Limits& limits, ServerInfo& out);
void read(JsonReader& in, const Limits& limits, UserInfo& out);
void read(JsonReader& in, const Limits& limits, ModelInfo& out);
void read(JsonReader& in, const Limits& limits, Member& out);
void read(JsonReader& in, const Limits& limits, Conversation& out);
void read(JsonReader& in, const Limits& limits, Author& out);
void read(JsonReader& in, const Limits& limits, ChatMessage& out);
void read(JsonReader& in, const Limits& limits, Usage& out);
void read(JsonReader& in, const Limits& limits, ErrorInfo& out);
void read(JsonReader& in, const Limits& limits, LiveGeneration& out);
void read(JsonReader& in, const Limits& limits, Limits& out);

void read(JsonReader& in, const Limits& limits, MessageEvent& out);
void read(JsonReader& in, const Limits& limits, GenerationStart& out);
void read(JsonReader& in, const Limits& limits, GenerationEnd& out);
void read(JsonReader& in, const Limits& limits, GenerationDelta& out);
void read(JsonReader& in, const Limits& limits, GenerationStatus& out);

void read(JsonReader& in, const Limits& limits, Login& out);
void read(JsonReader& in, const Limits& limits, Auth& out);
void read(JsonReader& in, const Limits& limits, Register& out);
void read(JsonReader& in, const Limits& limits, Ping& out);
void read(JsonReader& in, const Limits& limits, ConversationsList& out);
void read(JsonReader& in, const Limits& limits, ConversationCreate& out);
void read(JsonReader& in, const Limits& limits, ConversationUpdate& out);
void read(JsonReader& in, const Limits& limits, ConversationDelete& out);
void read(JsonReader& in, const Limits& limits, HistoryRequest& out);
void read(JsonReader& in, const Limits& limits, SyncRequest& out);
void read(JsonReader& in, const Limits& limits, MessageSend& out);
void read(JsonReader& in, const Limits& limits, GenerationStop& out);
void read(JsonReader& in, const Limits& limits, GenerationResume& out);
void read(JsonReader& in, const Limits& limits, GenerationContinue& out);
void read(JsonReader& in, const Limits& limits, GenerationRetry& out);
void read(JsonReader& in, const Limits& limits, MemberInvite& out);
void read(JsonReader& in, const Limits& limits, MemberRemove& out);
void read(JsonReader& in, const Limits& limits, ConversationLeave& out);
void read(JsonReader& in, const Limits& limits, TypingRequest& out);
void read(JsonReader& in, const Limits& limits, PresenceSet& out);
void read(JsonReader& in, const Limits& limits, ReadRequest& out);

void read(JsonReader& in, const Limits& limits, Welcome& out);
void read(JsonReader& in, const Limits& limits, Pong& out);
void read(JsonReader& in, const Limits& limits, Ok& out);
void read(JsonReader& in, const Limits& limits, ConversationsReply& out);
void read(JsonReader& in, const Limits& limits, ConversationReply& out);
void read(JsonReader& in, const Limits& limits, ConversationDeleted& out);
void read(JsonReader& in, const Limits& limits, HistoryReply& out);
void read(JsonReader& in, const Limits& limits, SyncReply& out);
void read(JsonReader& in, const Limits& limits, Ack& out);
void read(JsonReader& in, const Limits& limits, Resumed& out);
void read(JsonReader& in, const Limits& limits, GenerationSnapshot& out);
void read(JsonReader& in, const Limits& limits, Error& out);
void read(JsonReader& in, const Limits& limits, TypingEvent& out);
void read(JsonReader& in, const Limits& limits, PresenceEvent& out);
void read(JsonReader& in, const Limits& limits, ReadEvent& out);
void read(JsonReader& in, const Limits& limits, Announcement& out);

/// Reads one stored event, dispatching on its `type`.
void read(JsonReader& in, const Limits& limits, Event& out);

} // namespace palaver::protocol
