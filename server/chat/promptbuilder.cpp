#include "chat/promptbuilder.h"

#include "ai/continuation.h"

namespace palaver::server::promptbuilder {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

QList<PromptTurn> turns(const QString& systemPrompt, const QList<ChatMessage>& messages,
    bool continuation, Speakers speakers)
{
    QList<PromptTurn> result;
    if (!systemPrompt.isEmpty())
        result.append({ PromptTurn::Role::System, systemPrompt });
    for (const ChatMessage& message : messages) {
        if (message.text.isEmpty())
            continue;
        if (message.author.kind == AuthorKind::Assistant)
            result.append({ PromptTurn::Role::Assistant, message.text });
        else if (speakers == Speakers::Named)
            result.append(
                { PromptTurn::Role::User, u"%1: %2"_s.arg(message.author.name, message.text) });
        else
            result.append({ PromptTurn::Role::User, message.text });
    }
    if (continuation)
        result.append({ PromptTurn::Role::User, continuation::instruction() });
    return result;
}

QList<ChatMessage> through(const QList<ChatMessage>& messages, const QString& msgId)
{
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (messages.at(i).msgId == msgId)
            return messages.first(i + 1);
    }
    return {};
}

QList<ChatMessage> questionOf(const QList<ChatMessage>& messages, const QString& msgId)
{
    qsizetype end = 0;
    for (qsizetype i = 0; i < messages.size() && messages.at(i).msgId != msgId; ++i) {
        if (messages.at(i).author.kind == AuthorKind::User)
            end = i + 1;
    }
    return messages.first(end);
}

QList<ChatMessage> withoutLeadingReplies(QList<ChatMessage> messages)
{
    qsizetype first = 0;
    while (first + 1 < messages.size() && messages.at(first).author.kind == AuthorKind::Assistant)
        ++first;
    messages.remove(0, first);
    return messages;
}

} // namespace palaver::server::promptbuilder
