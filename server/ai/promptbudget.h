#pragma once

#include "provider.h"

#include <QList>
#include <QString>

namespace palaver::server::promptbudget {

/// Tokens per turn for the role and framing around its text (OpenAI counts about 4).
constexpr qint64 tokensPerTurn = 4;

/// A rough token count of `text`: one per four characters, rounded up. Good enough to keep a
/// prompt inside a context window with some margin; no tokenizer is shipped for every model.
qint64 estimateTokens(const QString& text);
/// estimateTokens(turn.text) + tokensPerTurn.
qint64 estimateTokens(const PromptTurn& turn);

/// The prompt for a reply within `budgetTokens`: the system turns always, then as many of the
/// newest other turns as fit, oldest dropped first; the newest turn (the user's new message) is
/// always kept, even alone over budget. `budgetTokens` <= 0 keeps everything. Order is kept.
QList<PromptTurn> fit(const QList<PromptTurn>& turns, qint64 budgetTokens);

} // namespace palaver::server::promptbudget
