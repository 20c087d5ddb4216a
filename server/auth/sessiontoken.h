#pragma once

#include <QByteArray>
#include <QString>

namespace palaver::server {

/// Session tokens: 256 random bits handed to the client once; only their SHA-256 is stored, so a
/// leaked database does not leak usable tokens.
class SessionToken
{
public:
    /// A new token in URL-safe base64 without padding.
    static QString generate();
    /// The form the store keeps (hex SHA-256).
    static QString storageHash(const QString& token);
};

} // namespace palaver::server
