#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

class QTextStream;

namespace palaver::server {

struct CommandLine;

/// Reads `announce TEXT | list | withdraw ID` (`positional` starts with "announce") and the
/// values of --level and --expires into `command`. The error to show; empty when fine.
QString parseAnnounceCommand(const QStringList& positional, const std::optional<QString>& level,
    const std::optional<QString>& expires, CommandLine* command);

/// When an announcement expires: a duration from `now` (`90s`, `30m`, `2h`, `1d`) or a date
/// and time (`2026-12-05T18:30`, local time unless it names an offset or Z). Nothing when
/// it is neither or not after `now`.
std::optional<QDateTime> parseExpiry(const QString& text, const QDateTime& now);

/// `palaver-server announce …`: adds, lists or withdraws an announcement in the store (a
/// running server picks it up within Announcements::pollIntervalMs). Returns the exit code.
int runAnnounceCommand(const CommandLine& command, QTextStream& out, QTextStream& err);

} // namespace palaver::server
