#pragma once

#include <QString>
#include <QTextStream>

namespace palaver::server {

struct CommandLine;

/// The `user add|list|disable|enable|reset-password|remove` and `token revoke|list` commands, run
/// against the store in --data-dir (also while a server uses it). Returns the process exit code;
/// `in` supplies the password for `add` and `reset-password`.
int runUserCommand(const CommandLine& command, QTextStream& in, QTextStream& out, QTextStream& err);

} // namespace palaver::server
