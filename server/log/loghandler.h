#pragma once

#include "log/logformat.h"

#include <QString>

namespace palaver::server {

/// Sends every Qt log message of this process to standard error in `format`, one line per
/// event, and applies `rules` (QLoggingCategory filter rules, separated by ';' or new lines)
/// on top of QT_LOGGING_RULES. Thread-safe; call once, early.
void installLogHandler(LogFormat format, const QString& rules);

} // namespace palaver::server
