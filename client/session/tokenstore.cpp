#include "session/tokenstore.h"

namespace palaver::client {

TokenStore::TokenStore(
    std::unique_ptr<TokenVault> primary, std::unique_ptr<FileTokenVault> fallback, QObject* parent)
    : QObject(parent)
    , m_primary(primary.release())
    , m_fallback(fallback.release())
{
    if (m_primary)
        m_primary->setParent(this);
    m_fallback->setParent(this);
    m_active = m_primary ? m_primary : m_fallback;
}

QString TokenStore::description() const
{
    return m_active->description();
}

void TokenStore::use(TokenVault* vault)
{
    if (m_active == vault)
        return;
    m_active = vault;
    Q_EMIT descriptionChanged();
}

void TokenStore::readFrom(TokenVault* vault, const QString& key, Loaded done)
{
    // One answer per request: the connection goes once the answer for `key` came.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(vault, &TokenVault::readDone, this,
        [connection, key, done](const QString& k, const QString& token, const QString& error) {
            if (k != key)
                return;
            disconnect(*connection);
            done(token, error);
        });
    vault->read(key);
}

void TokenStore::writeTo(TokenVault* vault, const QString& key, const QString& token, Saved done)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(vault, &TokenVault::writeDone, this,
        [connection, key, done](const QString& k, const QString& error) {
            if (k != key)
                return;
            disconnect(*connection);
            done(error);
        });
    vault->write(key, token);
}

void TokenStore::load(const QString& key, Loaded done)
{
    if (!m_primary) {
        readFrom(m_fallback, key, std::move(done));
        return;
    }
    readFrom(m_primary, key, [this, key, done](const QString& token, const QString& error) {
        if (error.isEmpty() && !token.isEmpty()) {
            use(m_primary);
            done(token, {});
            return;
        }
        // Not in the keychain (or no keychain here): it may have been saved to the file.
        readFrom(m_fallback, key,
            [this, done, error](const QString& fileToken, const QString& fileError) {
                if (!error.isEmpty())
                    use(m_fallback);
                done(
                    fileToken, fileToken.isEmpty() && !fileError.isEmpty() ? fileError : QString());
            });
    });
}

void TokenStore::save(const QString& key, const QString& token, Saved done)
{
    if (!done)
        done = [](const QString&) {};
    if (!m_primary) {
        writeTo(m_fallback, key, token, std::move(done));
        return;
    }
    writeTo(m_primary, key, token, [this, key, token, done](const QString& error) {
        if (error.isEmpty()) {
            use(m_primary);
            m_fallback->removeNow(key); // no second, older copy in the file
            done({});
            return;
        }
        use(m_fallback);
        writeTo(m_fallback, key, token, done);
    });
}

void TokenStore::forget(const QString& key)
{
    if (m_primary)
        m_primary->remove(key);
    m_fallback->removeNow(key);
}

} // namespace palaver::client
