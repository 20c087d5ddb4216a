#pragma once

#include "session/filetokenvault.h"

#include <functional>
#include <memory>

namespace palaver::client {

/// Where the session token lives: the system keychain when there is one (`primary`), else a
/// private file (`fallback`). A keychain that fails moves the token to the file, and says so
/// through `description()` ("the system keychain" / "a private file").
class TokenStore : public QObject
{
    Q_OBJECT

public:
    using Loaded = std::function<void(const QString& token, const QString& error)>;
    using Saved = std::function<void(const QString& error)>;

    /// `primary` may be null (no keychain: the file only).
    TokenStore(std::unique_ptr<TokenVault> primary, std::unique_ptr<FileTokenVault> fallback,
        QObject* parent = nullptr);

    QString description() const;
    FileTokenVault* fallback() const { return m_fallback; }

    /// The token of `key` (empty when none is stored); `error` when no place could be read.
    void load(const QString& key, Loaded done);
    void save(const QString& key, const QString& token, Saved done = {});
    void forget(const QString& key);

Q_SIGNALS:
    void descriptionChanged();

private:
    void use(TokenVault* vault);
    void readFrom(TokenVault* vault, const QString& key, Loaded done);
    void writeTo(TokenVault* vault, const QString& key, const QString& token, Saved done);

    TokenVault* m_primary = nullptr;
    FileTokenVault* m_fallback = nullptr;
    TokenVault* m_active = nullptr;
};

} // namespace palaver::client
