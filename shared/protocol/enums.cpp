#include "protocol/enums.h"

#include <initializer_list>
#include <utility>

namespace palaver::protocol {

namespace {

template<typename T> using NameTable = std::initializer_list<std::pair<T, QStringView>>;

const NameTable<ConversationKind> kConversationKinds {
    { ConversationKind::Ai, u"ai" },
    { ConversationKind::Room, u"room" },
    { ConversationKind::Dm, u"dm" },
};
const NameTable<AuthorKind> kAuthorKinds {
    { AuthorKind::User, u"user" },
    { AuthorKind::Assistant, u"assistant" },
};
const NameTable<MessageStatus> kMessageStatuses {
    { MessageStatus::Complete, u"complete" },
    { MessageStatus::Streaming, u"streaming" },
    { MessageStatus::Stopped, u"stopped" },
    { MessageStatus::Interrupted, u"interrupted" },
    { MessageStatus::Error, u"error" },
};
const NameTable<FinishReason> kFinishReasons {
    { FinishReason::Stop, u"stop" },
    { FinishReason::Length, u"length" },
    { FinishReason::Stopped, u"stopped" },
    { FinishReason::Interrupted, u"interrupted" },
    { FinishReason::Error, u"error" },
};
const NameTable<GenerationState> kGenerationStates {
    { GenerationState::Waiting, u"waiting" },
    { GenerationState::Retrying, u"retrying" },
};
const NameTable<MemberRole> kMemberRoles {
    { MemberRole::Owner, u"owner" },
    { MemberRole::Member, u"member" },
};
const NameTable<PresenceState> kPresenceStates {
    { PresenceState::Online, u"online" },
    { PresenceState::Away, u"away" },
    { PresenceState::Offline, u"offline" },
};
const NameTable<RemovalReason> kRemovalReasons {
    { RemovalReason::Deleted, u"deleted" },
    { RemovalReason::Left, u"left" },
    { RemovalReason::Removed, u"removed" },
};
const NameTable<AnnouncementLevel> kAnnouncementLevels {
    { AnnouncementLevel::Info, u"info" },
    { AnnouncementLevel::Warning, u"warning" },
};

template<typename T> QString nameIn(NameTable<T> table, T value)
{
    for (const auto& [v, name] : table) {
        if (v == value)
            return name.toString();
    }
    return QString();
}

template<typename T> std::optional<T> valueIn(NameTable<T> table, const QString& name)
{
    for (const auto& [v, wire] : table) {
        if (wire == name)
            return v;
    }
    return std::nullopt;
}

} // namespace

QString wireName(ConversationKind value)
{
    return nameIn(kConversationKinds, value);
}
QString wireName(AuthorKind value)
{
    return nameIn(kAuthorKinds, value);
}
QString wireName(MessageStatus value)
{
    return nameIn(kMessageStatuses, value);
}
QString wireName(FinishReason value)
{
    return nameIn(kFinishReasons, value);
}
QString wireName(GenerationState value)
{
    return nameIn(kGenerationStates, value);
}
QString wireName(MemberRole value)
{
    return nameIn(kMemberRoles, value);
}
QString wireName(PresenceState value)
{
    return nameIn(kPresenceStates, value);
}
QString wireName(RemovalReason value)
{
    return nameIn(kRemovalReasons, value);
}

QString wireName(AnnouncementLevel value)
{
    return nameIn(kAnnouncementLevels, value);
}

template<> std::optional<ConversationKind> fromWireName(const QString& name)
{
    return valueIn(kConversationKinds, name);
}
template<> std::optional<AuthorKind> fromWireName(const QString& name)
{
    return valueIn(kAuthorKinds, name);
}
template<> std::optional<MessageStatus> fromWireName(const QString& name)
{
    return valueIn(kMessageStatuses, name);
}
template<> std::optional<FinishReason> fromWireName(const QString& name)
{
    return valueIn(kFinishReasons, name);
}
template<> std::optional<GenerationState> fromWireName(const QString& name)
{
    return valueIn(kGenerationStates, name);
}
template<> std::optional<MemberRole> fromWireName(const QString& name)
{
    return valueIn(kMemberRoles, name);
}
template<> std::optional<PresenceState> fromWireName(const QString& name)
{
    return valueIn(kPresenceStates, name);
}
template<> std::optional<RemovalReason> fromWireName(const QString& name)
{
    return valueIn(kRemovalReasons, name);
}

template<> std::optional<AnnouncementLevel> fromWireName(const QString& name)
{
    return valueIn(kAnnouncementLevels, name);
}

MessageStatus statusForFinish(FinishReason finish)
{
    switch (finish) {
    case FinishReason::Stop:
    case FinishReason::Length:
        return MessageStatus::Complete;
    case FinishReason::Stopped:
        return MessageStatus::Stopped;
    case FinishReason::Interrupted:
        return MessageStatus::Interrupted;
    case FinishReason::Error:
        return MessageStatus::Error;
    }
    return MessageStatus::Error;
}

} // namespace palaver::protocol
