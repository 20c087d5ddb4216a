#pragma once

#include <QString>

#include <memory>

class QSettings;

namespace palaver::client {

/// What the client remembers between runs in its settings: the server URL, the username and
/// whether a session token was saved (QSettings, organisation "Palaver", application "palaver",
/// unless a file is given). The token itself is never here: it is in the TokenStore. A token an
/// older version left here is read once so it can be moved there (legacyToken()).
class SessionStore
{
public:
    /// `settingsFile` empty: the user's Palaver settings; else an INI file (tests).
    explicit SessionStore(const QString& settingsFile = {});
    ~SessionStore();

    QString serverUrl() const;
    QString username() const;
    /// A server URL and a saved token (or one still to be migrated) are remembered.
    bool hasSession() const;
    /// Names the token of this server and user in the TokenStore.
    QString tokenKey() const { return keyFor(serverUrl(), username()); }
    static QString keyFor(const QString& serverUrl, const QString& username);

    void remember(const QString& serverUrl, const QString& username);
    /// Whether the TokenStore holds a token for tokenKey().
    void setTokenSaved(bool saved);
    /// Forgets that a token was saved (and any legacy one).
    void forgetToken();

    /// A token an older version kept in the plain settings file; empty when none.
    QString legacyToken() const;
    /// Removes it from the settings file (after it was moved to the TokenStore).
    void dropLegacyToken();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace palaver::client
