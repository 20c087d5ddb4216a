#pragma once

#include "session/sessionstore.h"
#include "session/tokenstore.h"

#include <QObject>

#include <functional>
#include <memory>

namespace palaver::client {

/// The session the app remembers between runs: server URL and username in the settings
/// (SessionStore), the token in the TokenStore (keychain, else a private file). Moves a token an
/// older version left in the settings file out of it, saves each new token once and reads it
/// back asynchronously for a resume.
class RememberedSession : public QObject
{
    Q_OBJECT

public:
    using TokenRead = std::function<void(const QString& token, const QString& error)>;

    /// `tokenDirectory`: where the private token file goes (empty: the app data directory).
    RememberedSession(const QString& settingsFile, std::unique_ptr<TokenVault> keychain,
        const QString& tokenDirectory, QObject* parent = nullptr);

    QString serverUrl() const { return m_store.serverUrl(); }
    QString username() const { return m_store.username(); }
    /// A server URL and a saved token are remembered: the app can resume.
    bool hasSession() const { return m_store.hasSession(); }
    /// "the system keychain" or "a private file".
    QString tokenStorage() const { return m_tokens.description(); }

    /// After a welcome: remembers the server and user, and saves `token` when it is new
    /// (a failure is reported through errorOccurred and the session is then not remembered).
    void remember(const QString& serverUrl, const QString& username, const QString& token);
    /// Reads the remembered token; `done` is not called when cancelRead() or another read
    /// came first.
    void readToken(TokenRead done);
    void cancelRead() { ++m_readRequest; }
    /// Forgets the token (sign-out, refused token).
    void forget();

Q_SIGNALS:
    void hasSessionChanged();
    void tokenStorageChanged();
    void errorOccurred(const QString& text);

private:
    void migrateLegacyToken();
    void setTokenSaved(bool saved);

    SessionStore m_store;
    TokenStore m_tokens;
    /// The token last saved or read (saved again only when it changes).
    QString m_savedToken;
    quint64 m_readRequest = 0;
};

} // namespace palaver::client
