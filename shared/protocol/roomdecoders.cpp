// JSON → value for what rooms and DMs added to the protocol: members, invitations, leaving,
// typing, presence and read markers (declared in decoders.h with the rest).

#include "protocol/decodehelpers.h"

namespace palaver::protocol {

using namespace Qt::Literals::StringLiterals;
using namespace decoding;

void read(JsonReader& in, const Limits&, Member& out)
{
    out.id = identifier(in, "id"_L1);
    out.name = in.requiredString("name"_L1, field::maxUsernameChars);
    out.role = in.requiredEnum("role"_L1, MemberRole::Member, fromWireName<MemberRole>);
    out.presence
        = in.requiredEnum("presence"_L1, PresenceState::Offline, fromWireName<PresenceState>);
    out.lastSeen = time(in, "lastSeen"_L1);
    out.lastReadSeq = in.optionalInteger("lastReadSeq"_L1, 0, kMaxSeq).value_or(0);
}

void read(JsonReader& in, const Limits&, MemberInvite& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.username = in.requiredString("username"_L1, field::maxUsernameChars);
}

void read(JsonReader& in, const Limits&, MemberRemove& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.userId = identifier(in, "userId"_L1);
}

void read(JsonReader& in, const Limits&, ConversationLeave& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
}

void read(JsonReader& in, const Limits&, TypingRequest& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.active = in.optionalBool("active"_L1, true);
}

void read(JsonReader& in, const Limits&, PresenceSet& out)
{
    out.id = requestIdOf(in);
    out.state = in.requiredEnum("state"_L1, PresenceState::Online, fromWireName<PresenceState>);
    // Offline is what the server concludes when every connection is gone, never a choice.
    if (in.ok() && out.state == PresenceState::Offline)
        in.fail(ErrorCode::BadRequest,
            QStringLiteral("Field 'state' must be 'online' or 'away'; 'offline' follows from "
                           "disconnecting"));
}

void read(JsonReader& in, const Limits&, ReadRequest& out)
{
    out.id = requestIdOf(in);
    out.convId = identifier(in, "convId"_L1);
    out.seq = in.requiredInteger("seq"_L1, 0, kMaxSeq);
}

void read(JsonReader& in, const Limits& limits, TypingEvent& out)
{
    out.convId = identifier(in, "convId"_L1);
    readObject(in, limits, "user"_L1, out.user);
    out.active = in.optionalBool("active"_L1, true);
}

void read(JsonReader& in, const Limits& limits, PresenceEvent& out)
{
    readObject(in, limits, "user"_L1, out.user);
    out.state = in.requiredEnum("state"_L1, PresenceState::Offline, fromWireName<PresenceState>);
    out.lastSeen = time(in, "lastSeen"_L1);
}

void read(JsonReader& in, const Limits&, ReadEvent& out)
{
    out.convId = identifier(in, "convId"_L1);
    out.userId = identifier(in, "userId"_L1);
    out.seq = in.requiredInteger("seq"_L1, 0, kMaxSeq);
    out.unread = in.optionalInteger("unread"_L1, 0, kMaxSeq);
}

} // namespace palaver::protocol
