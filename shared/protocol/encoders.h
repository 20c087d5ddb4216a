#pragma once

// Value → JSON for every protocol type. Messages include their `type`; pieces do not.

#include "protocol/messages.h"

#include <QJsonObject>

namespace palaver::protocol {

QJsonObject toJson(const ServerInfo& value);
QJsonObject toJson(const UserInfo& value);
QJsonObject toJson(const ModelInfo& value);
QJsonObject toJson(const Member& value);
QJsonObject toJson(const Conversation& value);
QJsonObject toJson(const Author& value);
QJsonObject toJson(const ChatMessage& value);
QJsonObject toJson(const Usage& value);
QJsonObject toJson(const ErrorInfo& value);
QJsonObject toJson(const LiveGeneration& value);
QJsonObject toJson(const Limits& value);

QJsonObject toJson(const MessageEvent& value);
QJsonObject toJson(const GenerationStart& value);
QJsonObject toJson(const GenerationEnd& value);
QJsonObject toJson(const GenerationDelta& value);
QJsonObject toJson(const GenerationStatus& value);

QJsonObject toJson(const Login& value);
QJsonObject toJson(const Auth& value);
QJsonObject toJson(const Register& value);
QJsonObject toJson(const Ping& value);
QJsonObject toJson(const ConversationsList& value);
QJsonObject toJson(const ConversationCreate& value);
QJsonObject toJson(const ConversationUpdate& value);
QJsonObject toJson(const ConversationDelete& value);
QJsonObject toJson(const HistoryRequest& value);
QJsonObject toJson(const SyncRequest& value);
QJsonObject toJson(const MessageSend& value);
QJsonObject toJson(const GenerationStop& value);
QJsonObject toJson(const GenerationResume& value);
QJsonObject toJson(const GenerationContinue& value);
QJsonObject toJson(const GenerationRetry& value);
QJsonObject toJson(const MemberInvite& value);
QJsonObject toJson(const MemberRemove& value);
QJsonObject toJson(const ConversationLeave& value);
QJsonObject toJson(const TypingRequest& value);
QJsonObject toJson(const PresenceSet& value);
QJsonObject toJson(const ReadRequest& value);

QJsonObject toJson(const Welcome& value);
QJsonObject toJson(const Pong& value);
QJsonObject toJson(const Ok& value);
QJsonObject toJson(const ConversationsReply& value);
QJsonObject toJson(const ConversationReply& value);
QJsonObject toJson(const ConversationDeleted& value);
QJsonObject toJson(const HistoryReply& value);
QJsonObject toJson(const SyncReply& value);
QJsonObject toJson(const Ack& value);
QJsonObject toJson(const Resumed& value);
QJsonObject toJson(const GenerationSnapshot& value);
QJsonObject toJson(const Error& value);
QJsonObject toJson(const TypingEvent& value);
QJsonObject toJson(const PresenceEvent& value);
QJsonObject toJson(const ReadEvent& value);
QJsonObject toJson(const Announcement& value);

QJsonObject toJson(const Event& value);

/// Wire form of timestamps: ISO 8601, UTC, milliseconds.
QString toWireTime(const QDateTime& time);
QDateTime fromWireTime(const QString& text);

} // namespace palaver::protocol
