#pragma once

// Messages the client tests feed to models and fake servers: a user message by "Ada", as the
// server stores and sends it.

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

} // namespace palaver::test
