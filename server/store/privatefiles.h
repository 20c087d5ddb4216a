#pragma once

#include <QString>

namespace palaver::server::privatefiles {

/// Creates `path` (and its parents) if missing and makes it readable by its owner only (0700),
/// whatever the umask, also when it existed with wider permissions. False with `error` on failure.
bool makePrivateDirectory(const QString& path, QString* error);

/// Makes the database file and its WAL and shared-memory companions owner-only (0600), creating
/// the database file empty first if it is missing, so SQLite (which gives its companions the
/// database file's mode) never makes a world-readable one. False with `error` on failure.
bool makePrivateDatabaseFiles(const QString& databasePath, QString* error);

} // namespace palaver::server::privatefiles
