#pragma once

#include <QString>

#include <memory>

class QSettings;

namespace palaver::client {

/// What the client remembers between runs: the server URL, the username and the session token
/// (QSettings, organisation "Palaver", application "palaver", unless a file is given).
class SessionStore
{
public:
    /// `settingsFile` empty: the user's Palaver settings; else an INI file (tests).
    explicit SessionStore(const QString& settingsFile = {});
    ~SessionStore();

    QString serverUrl() const;
    QString username() const;
    QString token() const;
    bool hasSession() const { return !serverUrl().isEmpty() && !token().isEmpty(); }

    void remember(const QString& serverUrl, const QString& username, const QString& token);
    void forgetToken();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace palaver::client
