#pragma once

#include "session/tokenvault.h"

namespace palaver::client {

/// Tokens in the system keychain through QtKeychain (service "Palaver", one entry per server and
/// user). Where the platform has no keychain (no secret service), every job fails and the
/// TokenStore falls back to a file.
class KeychainTokenVault : public TokenVault
{
    Q_OBJECT

public:
    explicit KeychainTokenVault(QObject* parent = nullptr);

    QString description() const override;
    void read(const QString& key) override;
    void write(const QString& key, const QString& token) override;
    void remove(const QString& key) override;
};

} // namespace palaver::client
