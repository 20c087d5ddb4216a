#pragma once

#include <QString>
#include <cstddef>

namespace palaver::server {

/// Salted slow password hashes in a self-describing stored form. New hashes are Argon2id
/// (libsodium's `$argon2id$v=19$m=…,t=…,p=1$salt$hash`); older `pbkdf2-sha256$iterations$salt$hash`
/// ones still verify and needsRehash() says to replace them at the next successful sign-in.
class PasswordHash
{
public:
    /// Argon2id work factors: `opsLimit` passes over `memLimit` bytes.
    struct Cost
    {
        unsigned long long opsLimit;
        std::size_t memLimit;
        /// libsodium's INTERACTIVE limits (2 passes, 64 MiB): about 0.1 s per sign-in on a
        /// desktop core, while a GPU guessing passwords needs 64 MiB per attempt.
        static Cost interactive();
        /// The least libsodium accepts (1 pass, 8 KiB): for tests only, never for real accounts.
        static Cost minimum();
    };

    static constexpr int pbkdf2Iterations = 120000;
    static constexpr int minimumIterations = 1000; ///< a weaker PBKDF2 hash is refused

    /// An Argon2id hash; empty when libsodium could not allocate the memory it needs.
    static QString hash(const QString& password, Cost cost = Cost::interactive());
    /// The legacy PBKDF2-SHA256 form, kept so stores from before Argon2id (and tests of their
    /// migration) can be produced.
    static QString hashPbkdf2(const QString& password, int iterations = pbkdf2Iterations);
    /// Constant-time comparison; a malformed or unknown stored form never verifies.
    static bool verify(const QString& password, const QString& stored);
    /// True for a stored form that is not Argon2id: re-hash it once the password is known.
    static bool needsRehash(const QString& stored);
    static bool isArgon2id(const QString& stored);
};

} // namespace palaver::server
