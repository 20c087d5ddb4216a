#pragma once

// A remembered session as the client leaves it on disk for a ClientSession(settingsFile): the
// server URL and username in the INI file, the token in the private file next to it.

#include "session/filetokenvault.h"
#include "session/sessionstore.h"

#include <QFileInfo>

namespace palaver::test {

inline QString tokenFileFor(const QString& settingsFile)
{
    return client::FileTokenVault::pathIn(QFileInfo(settingsFile).absolutePath());
}

inline void rememberSession(const QString& settingsFile, const QString& serverUrl,
    const QString& username, const QString& token)
{
    client::SessionStore store(settingsFile);
    store.remember(serverUrl, username);
    store.setTokenSaved(true);
    client::FileTokenVault(tokenFileFor(settingsFile)).writeNow(store.tokenKey(), token);
}

/// The token saved for the remembered server and user (empty when none).
inline QString savedToken(const QString& settingsFile)
{
    const client::SessionStore store(settingsFile);
    return client::FileTokenVault(tokenFileFor(settingsFile)).readNow(store.tokenKey());
}

} // namespace palaver::test
