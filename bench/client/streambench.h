#pragma once

#include "report.h"

namespace clientbench {

struct StreamOptions
{
    int replyChars = 20000;
    int tokensPerSecond = 200;
};

/// `stream`: one markdown reply streamed token by token at a steady rate into the open
/// conversation of the real Main.qml. Valid when every token is shown, in order, before the
/// reply ends.
loadgen::Row runStream(const StreamOptions& options);

} // namespace clientbench
