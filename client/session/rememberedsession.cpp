#include "session/rememberedsession.h"

namespace palaver::client {

RememberedSession::RememberedSession(const QString& settingsFile,
    std::unique_ptr<TokenVault> keychain, const QString& tokenDirectory, QObject* parent)
    : QObject(parent)
    , m_store(settingsFile)
    , m_tokens(std::move(keychain),
          std::make_unique<FileTokenVault>(FileTokenVault::pathIn(tokenDirectory)))
{
    connect(
        &m_tokens, &TokenStore::descriptionChanged, this, &RememberedSession::tokenStorageChanged);
    migrateLegacyToken();
}

void RememberedSession::setTokenSaved(bool saved)
{
    const bool had = m_store.hasSession();
    m_store.setTokenSaved(saved);
    if (had != m_store.hasSession())
        Q_EMIT hasSessionChanged();
}

void RememberedSession::migrateLegacyToken()
{
    const QString legacy = m_store.legacyToken();
    if (legacy.isEmpty())
        return;
    const QString key = m_store.tokenKey();
    m_tokens.save(key, legacy, [this, key, legacy](const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT errorOccurred(
                tr("Your session could not be moved out of the settings file: %1").arg(error));
            return;
        }
        if (m_store.tokenKey() != key || m_store.legacyToken() != legacy)
            return; // signed out or in elsewhere meanwhile
        m_store.setTokenSaved(true);
        m_store.dropLegacyToken();
        m_savedToken = legacy;
    });
}

void RememberedSession::remember(
    const QString& serverUrl, const QString& username, const QString& token)
{
    const QString previousKey = m_store.tokenKey();
    m_store.remember(serverUrl, username);
    if (previousKey != m_store.tokenKey()) {
        // Another server or user: the previous token is of no use any more.
        m_tokens.forget(previousKey);
        m_store.forgetToken();
        m_savedToken.clear();
    }
    if (token.isEmpty() || token == m_savedToken)
        return;
    m_savedToken = token;
    // Remembered at once (the app can resume after a restart); a failed save takes it back.
    setTokenSaved(true);
    m_tokens.save(m_store.tokenKey(), token, [this, token](const QString& error) {
        if (error.isEmpty()) {
            m_store.dropLegacyToken();
            return;
        }
        if (m_savedToken != token)
            return;
        m_savedToken.clear();
        setTokenSaved(false);
        Q_EMIT errorOccurred(
            tr("Your session could not be saved (%1): you will have to sign in next time.")
                .arg(error));
    });
}

void RememberedSession::readToken(TokenRead done)
{
    const quint64 request = ++m_readRequest;
    if (const QString legacy = m_store.legacyToken(); !legacy.isEmpty()) {
        done(legacy, {}); // not moved yet: it still works
        return;
    }
    m_tokens.load(
        m_store.tokenKey(), [this, request, done](const QString& token, const QString& error) {
            if (request != m_readRequest)
                return;
            if (!token.isEmpty())
                m_savedToken = token;
            done(token, error);
        });
}

void RememberedSession::forget()
{
    ++m_readRequest;
    const bool had = m_store.hasSession();
    m_tokens.forget(m_store.tokenKey());
    m_store.forgetToken();
    m_savedToken.clear();
    if (had)
        Q_EMIT hasSessionChanged();
}

} // namespace palaver::client
