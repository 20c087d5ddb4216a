#pragma once

// The objects protocol v1 messages carry (a user, a conversation, a stored message, a model …),
// as C++ value types; the messages themselves are in messages.h.

#include "protocol/enums.h"
#include "protocol/errorcode.h"
#include "protocol/limits.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace palaver::protocol {

struct ServerInfo
{
    QString name;
    QString version;
    /// Whether `register` is allowed (also on `GET /v1/info`, for the sign-in page).
    bool registrationOpen = false;
    bool operator==(const ServerInfo&) const = default;
};

struct UserInfo
{
    QString id;
    QString name;
    bool operator==(const UserInfo&) const = default;
};

/// A model the server can answer with (`welcome.models`).
struct ModelInfo
{
    QString id;
    QString name;
    bool isDefault = false; ///< wire name `default`
    bool operator==(const ModelInfo&) const = default;
};

/// A person in a room or a direct message, as the other members see them.
struct Member
{
    QString id;
    QString name;
    MemberRole role = MemberRole::Member;
    PresenceState presence = PresenceState::Offline;
    QDateTime lastSeen; ///< when they were last connected; invalid (left out) while connected
    qint64 lastReadSeq = 0; ///< their read marker
    bool operator==(const Member&) const = default;
};

struct Conversation
{
    QString convId;
    QString title;
    ConversationKind kind = ConversationKind::Ai;
    QString model;
    QString systemPrompt;
    qint64 lastSeq = 0;
    QDateTime updatedAt;
    // Seen from the user it is sent to:
    MemberRole role = MemberRole::Owner;
    qint64 lastReadSeq = 0;
    qint64 unread = 0; ///< messages by others after lastReadSeq
    /// Rooms and direct messages only (empty, and left out, for `ai`). The `{}` lets code written
    /// before rooms leave it out of a brace initialiser without -Wmissing-field-initializers.
    QList<Member> members {};
    bool operator==(const Conversation&) const = default;
};

struct Author
{
    AuthorKind kind = AuthorKind::User;
    QString id;
    QString name;
    bool operator==(const Author&) const = default;
};

struct ChatMessage
{
    QString msgId;
    QString clientMsgId; ///< empty for assistant messages
    Author author;
    QString text;
    MessageStatus status = MessageStatus::Complete;
    QDateTime createdAt;
    QString genId; ///< set on assistant messages
    bool operator==(const ChatMessage&) const = default;
};

struct Usage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    bool operator==(const Usage&) const = default;
};

struct ErrorInfo
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    bool operator==(const ErrorInfo&) const = default;
};

/// A reply still streaming, as `sync` reports it.
struct LiveGeneration
{
    QString genId;
    QString msgId;
    QString text;
    qint64 deltaSeq = 0;
    bool operator==(const LiveGeneration&) const = default;
};

} // namespace palaver::protocol
