#pragma once

#include "protocol/messages.h"

namespace palaver::client {

/// Who "me" is, to tell the other person of a DM apart: the user id once the server said it,
/// the user name before (a conversation list shown from the cache at start).
struct Self
{
    QString id;
    QString name;
    bool is(const protocol::Member& member) const
    {
        return id.isEmpty() ? member.name.compare(name, Qt::CaseInsensitive) == 0 : member.id == id;
    }
};

/// The other person of a DM; null when not a DM or not known (yet).
const protocol::Member* dmPeer(const protocol::Conversation& conversation, const Self& self);

/// What the list shows as a conversation's name: its title; for a DM the other person's name.
QString displayTitle(const protocol::Conversation& conversation, const Self& self);

} // namespace palaver::client
