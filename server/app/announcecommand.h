#pragma once

class QTextStream;

namespace palaver::server {

struct CommandLine;

/// `palaver-server announce …`: adds, lists or withdraws an announcement in the store (a
/// running server picks it up within Announcements::pollIntervalMs). Returns the exit code.
int runAnnounceCommand(const CommandLine& command, QTextStream& out, QTextStream& err);

} // namespace palaver::server
