#pragma once

#include <QString>
#include <QTextStream>

namespace palaver::server {

struct CommandLine;

/// The `user add|list|remove` subcommands, run against the store in --data-dir.
/// Returns the process exit code; `in` supplies the password for `add`.
int runUserCommand(const CommandLine& command, QTextStream& in, QTextStream& out, QTextStream& err);

} // namespace palaver::server
