#pragma once

#include "report.h"

namespace clientbench {

struct OpenOptions
{
    int messages = 10000;
    int repetitions = 3;
};

/// `open`: a conversation of `messages` messages, cached from the fake server by the client's
/// own sync, opened in the real Main.qml. Valid when every message is in the model and the view.
loadgen::Row runOpen(const OpenOptions& options);

} // namespace clientbench
