#pragma once

// What the client tests feed to models and fake servers: a user message by "Ada", as the server
// stores and sends it, and a member of a room or DM.

#include "protocol/messages.h"

namespace palaver::test {

inline protocol::ChatMessage userMessage(
    const QString& msgId, const QString& clientMsgId, const QString& text)
{
    using namespace Qt::Literals::StringLiterals;
    protocol::ChatMessage m;
    m.msgId = msgId;
    m.clientMsgId = clientMsgId;
    m.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    m.text = text;
    m.createdAt = QDateTime::currentDateTimeUtc();
    return m;
}

/// The `message` event of a user message in conversation c1.
inline protocol::MessageEvent storedUserMessage(const QString& msgId, const QString& text)
{
    using namespace Qt::Literals::StringLiterals;
    protocol::MessageEvent e;
    e.convId = u"c1"_s;
    e.message = userMessage(msgId, msgId + u"-client"_s, text);
    return e;
}

/// A member of a room or DM as the server describes them.
inline protocol::Member member(const QString& id, const QString& name,
    protocol::MemberRole role = protocol::MemberRole::Member,
    protocol::PresenceState presence = protocol::PresenceState::Online)
{
    protocol::Member m;
    m.id = id;
    m.name = name;
    m.role = role;
    m.presence = presence;
    return m;
}

} // namespace palaver::test
