// Value → JSON for what rooms and DMs added to the protocol: members, invitations, leaving,
// typing, presence and read markers (declared in encoders.h with the rest).

#include "protocol/encodehelpers.h"

namespace palaver::protocol {

using namespace Qt::Literals::StringLiterals;
using namespace encoding;

QJsonObject toJson(const Member& v)
{
    QJsonObject object {
        { "id"_L1, v.id },
        { "name"_L1, v.name },
        { "role"_L1, wireName(v.role) },
        { "presence"_L1, wireName(v.presence) },
        { "lastReadSeq"_L1, v.lastReadSeq },
    };
    insertIfValid(object, "lastSeen"_L1, v.lastSeen);
    return object;
}

QJsonObject toJson(const MemberInvite& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("username"_L1, v.username);
    return object;
}

QJsonObject toJson(const MemberRemove& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("userId"_L1, v.userId);
    return object;
}

QJsonObject toJson(const ConversationLeave& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    return object;
}

QJsonObject toJson(const TypingRequest& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("active"_L1, v.active);
    return object;
}

QJsonObject toJson(const PresenceSet& v)
{
    QJsonObject object = message(v);
    object.insert("state"_L1, wireName(v.state));
    return object;
}

QJsonObject toJson(const ReadRequest& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("seq"_L1, v.seq);
    return object;
}

QJsonObject toJson(const TypingEvent& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("user"_L1, toJson(v.user));
    object.insert("active"_L1, v.active);
    return object;
}

QJsonObject toJson(const PresenceEvent& v)
{
    QJsonObject object = message(v);
    object.insert("user"_L1, toJson(v.user));
    object.insert("state"_L1, wireName(v.state));
    insertIfValid(object, "lastSeen"_L1, v.lastSeen);
    return object;
}

QJsonObject toJson(const ReadEvent& v)
{
    QJsonObject object = message(v);
    object.insert("convId"_L1, v.convId);
    object.insert("userId"_L1, v.userId);
    object.insert("seq"_L1, v.seq);
    // Only the reader's own connections get their new unread count.
    if (v.unread)
        object.insert("unread"_L1, *v.unread);
    return object;
}

} // namespace palaver::protocol
