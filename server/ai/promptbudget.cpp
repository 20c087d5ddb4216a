#include "promptbudget.h"

namespace palaver::server::promptbudget {

qint64 estimateTokens(const QString& text)
{
    return (text.size() + 3) / 4;
}

qint64 estimateTokens(const PromptTurn& turn)
{
    return estimateTokens(turn.text) + tokensPerTurn;
}

QList<PromptTurn> fit(const QList<PromptTurn>& turns, qint64 budgetTokens)
{
    if (budgetTokens <= 0 || turns.isEmpty())
        return turns;
    qint64 used = 0;
    for (const PromptTurn& turn : turns) {
        if (turn.role == PromptTurn::Role::System)
            used += estimateTokens(turn);
    }
    // Walk back from the newest turn; the first gap that does not fit ends the history, so the
    // model never sees a conversation with a hole in its middle.
    QList<bool> keep(turns.size(), false);
    bool newest = true;
    for (qsizetype i = turns.size() - 1; i >= 0; --i) {
        const PromptTurn& turn = turns.at(i);
        if (turn.role == PromptTurn::Role::System) {
            keep[i] = true;
            continue;
        }
        const qint64 cost = estimateTokens(turn);
        if (!newest && used + cost > budgetTokens)
            break;
        used += cost;
        keep[i] = true;
        newest = false;
    }
    // A history that now opens with the assistant's reply is cut after it: Anthropic rejects a
    // first message that is not the user's, and the reply alone lacks its question anyway.
    for (qsizetype i = 0; i < turns.size() - 1; ++i) {
        if (!keep.at(i) || turns.at(i).role == PromptTurn::Role::System)
            continue;
        if (turns.at(i).role != PromptTurn::Role::Assistant)
            break;
        keep[i] = false;
    }
    // Earlier system turns the walk did not reach are kept too.
    QList<PromptTurn> result;
    for (qsizetype i = 0; i < turns.size(); ++i) {
        if (keep.at(i) || turns.at(i).role == PromptTurn::Role::System)
            result.append(turns.at(i));
    }
    return result;
}

} // namespace palaver::server::promptbudget
