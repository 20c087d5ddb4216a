#include "rooms/peers.h"

#include <QCoreApplication>

namespace palaver::client {

const protocol::Member* dmPeer(const protocol::Conversation& conversation, const Self& self)
{
    if (conversation.kind != protocol::ConversationKind::Dm)
        return nullptr;
    for (const auto& member : conversation.members) {
        if (!self.is(member))
            return &member;
    }
    return nullptr;
}

QString displayTitle(const protocol::Conversation& conversation, const Self& self)
{
    if (const auto* peer = dmPeer(conversation, self))
        return peer->name;
    if (!conversation.title.isEmpty())
        return conversation.title;
    // A DM whose other person left, or a list from an old cache without members.
    if (conversation.kind == protocol::ConversationKind::Dm)
        return QCoreApplication::translate("palaver::client::Peers", "Direct message");
    return conversation.title;
}

} // namespace palaver::client
