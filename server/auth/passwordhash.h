#pragma once

#include <QString>

namespace palaver::server {

/// Salted slow password hashes, stored self-describing as `pbkdf2-sha256$iterations$salt$hash`
/// (base64 salt and hash) so a later scheme such as Argon2id can be told apart and migrated.
class PasswordHash
{
public:
    static constexpr int defaultIterations = 120000;
    static constexpr int minimumIterations = 1000; ///< anything weaker is refused when verifying

    static QString hash(const QString& password, int iterations = defaultIterations);
    /// Constant-time comparison; a malformed or unknown stored form never verifies.
    static bool verify(const QString& password, const QString& stored);
};

} // namespace palaver::server
