#pragma once

#include "ai/provider.h"
#include "protocol/messages.h"

#include <QList>

namespace palaver::server::promptbuilder {

/// Whether user turns say who wrote them.
enum class Speakers {
    Unnamed, ///< a private AI chat: one person, the text as written
    Named, ///< a room or a DM: "alice: …", so the model knows who said what
};

/// The prompt turns for a conversation's system prompt and stored messages (oldest first);
/// messages without text are left out. With `continuation`, the continue instruction follows.
QList<PromptTurn> turns(const QString& systemPrompt, const QList<protocol::ChatMessage>& messages,
    bool continuation, Speakers speakers = Speakers::Unnamed);

/// The messages up to and including `msgId` (a continuation's history: it ends with the partial
/// reply). Empty when `msgId` is not among them.
QList<protocol::ChatMessage> through(
    const QList<protocol::ChatMessage>& messages, const QString& msgId);

/// The messages before `msgId`, up to the last user message among them: the question the reply
/// `msgId` answered (a retry's history; earlier replies to that question are left out).
QList<protocol::ChatMessage> questionOf(
    const QList<protocol::ChatMessage>& messages, const QString& msgId);

/// `messages` without the assistant replies at their start (the last message is always kept): a
/// history cut to its newest messages may open with a reply whose question was left out, and a
/// prompt must not begin with the assistant (Anthropic rejects it; the reply alone lacks its
/// question anyway).
QList<protocol::ChatMessage> withoutLeadingReplies(QList<protocol::ChatMessage> messages);

} // namespace palaver::server::promptbuilder
