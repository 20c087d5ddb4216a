#pragma once

#include <QStringList>

namespace palaver::server {

/// Everything palaver-server's main() does once the QCoreApplication exists: parse the command
/// line, run a `user` subcommand or the server until SIGTERM/SIGINT. Returns the exit code.
int runPalaverServer(const QStringList& arguments);

} // namespace palaver::server
