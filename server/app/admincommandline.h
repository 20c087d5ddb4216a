#pragma once

#include <QString>

class QCommandLineParser;

namespace palaver::server {

struct CommandLine;
struct ServerOptions;

/// Reads the admin command in `parser`'s positional arguments (user …, token …, announce …,
/// bench-seed) and the options only they take into `result` (its action, user name,
/// announcement, bench-seed options). No positional argument leaves the action at Serve. The
/// usage error to show; empty when fine.
QString parseAdminCommand(
    const QCommandLineParser& parser, const ServerOptions& options, CommandLine* result);

} // namespace palaver::server
