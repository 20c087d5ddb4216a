#pragma once

#include "provider.h"

#include <QString>

namespace palaver::server::continuation {

/// The user turn that follows a partial assistant reply when a model is asked to go on from it
/// (`generation.continue`). A trailing user turn, rather than a prefilled assistant turn, because
/// every upstream kind accepts it.
inline QString instruction()
{
    return QStringLiteral(
        "Your previous reply was cut off. Continue it exactly where it stopped: do not repeat "
        "anything you already wrote, do not comment on the interruption, and start with the very "
        "next characters of the reply.");
}

/// True when `turn` is that instruction.
inline bool isInstruction(const PromptTurn& turn)
{
    return turn.role == PromptTurn::Role::User && turn.text == instruction();
}

} // namespace palaver::server::continuation
