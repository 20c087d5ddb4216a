#pragma once

#include <QByteArray>
#include <QString>

namespace palaver::client {

/// Files only their owner may read, whatever the umask: the local cache (messages, the outbox)
/// and the session token. A folder is made 0700 and a file 0600 as they are created (never a
/// moment readable by others), and ones left wider by an older version are narrowed.
/// Elsewhere than on Unix the modes mean little; the calls still work.
class PrivateFiles
{
public:
    /// Makes `directory` (and its parents) exist, the folder itself owner-only (0700).
    static bool ensureDirectory(const QString& directory, QString* error = nullptr);
    /// Creates `path` empty and owner-only (0600) when it does not exist; narrows it when it does.
    static bool ensureFile(const QString& path, QString* error = nullptr);
    /// Narrows an existing file to owner-only (a missing one is fine).
    static bool narrow(const QString& path, QString* error = nullptr);
    /// Replaces `path` with `data` at once: written to a new owner-only file beside it (created
    /// 0600 by open(), so no one else can open it even for a moment), flushed, then renamed over
    /// `path`. A reader sees the old file or the new one, never half of one.
    static bool writeAtomically(const QString& path, const QByteArray& data, QString* error);
};

} // namespace palaver::client
