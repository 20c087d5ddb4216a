#pragma once

#include <QString>
#include <optional>

namespace palaver::protocol {

/// `conversation.kind`
enum class ConversationKind { Ai, Room, Dm };
/// `message.author.kind`
enum class AuthorKind { User, Assistant };
/// `message.status`
enum class MessageStatus { Complete, Streaming, Stopped, Interrupted, Error };
/// `generation.end.finish`
enum class FinishReason { Stop, Length, Stopped, Interrupted, Error };
/// `generation.status.state`
enum class GenerationState { Waiting, Retrying };
/// `member.role` and `conversation.role`: owners rename, invite, remove and delete.
enum class MemberRole { Owner, Member };
/// `presence.state`
enum class PresenceState { Online, Away, Offline };
/// `conversation.deleted.reason`: why a conversation left the user's list.
enum class RemovalReason { Deleted, Left, Removed };
/// `announcement.level`: how a client shows an operator's notice.
enum class AnnouncementLevel { Info, Warning };

QString wireName(ConversationKind value);
QString wireName(AuthorKind value);
QString wireName(MessageStatus value);
QString wireName(FinishReason value);
QString wireName(GenerationState value);
QString wireName(MemberRole value);
QString wireName(PresenceState value);
QString wireName(RemovalReason value);
QString wireName(AnnouncementLevel value);

/// Parses a wire name into `T`; an unknown name yields nothing.
template<typename T> std::optional<T> fromWireName(const QString& name);

template<> std::optional<ConversationKind> fromWireName(const QString& name);
template<> std::optional<AuthorKind> fromWireName(const QString& name);
template<> std::optional<MessageStatus> fromWireName(const QString& name);
template<> std::optional<FinishReason> fromWireName(const QString& name);
template<> std::optional<GenerationState> fromWireName(const QString& name);
template<> std::optional<MemberRole> fromWireName(const QString& name);
template<> std::optional<PresenceState> fromWireName(const QString& name);
template<> std::optional<RemovalReason> fromWireName(const QString& name);
template<> std::optional<AnnouncementLevel> fromWireName(const QString& name);

/// The stored status of an assistant message whose generation ended with `finish`.
MessageStatus statusForFinish(FinishReason finish);

} // namespace palaver::protocol
