#include "auth/passwordhash.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QStringList>

#include <sodium.h>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qsizetype saltBytes = 16;
constexpr qsizetype keyBytes = 32;

/// sodium_init() must run once before any other libsodium call; a function-local static makes
/// that thread-safe, as hashing runs on a thread pool.
bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

QByteArray derive(const QString& password, const QByteArray& salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(
        QCryptographicHash::Sha256, password.toUtf8(), salt, iterations, keyBytes);
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool verifyPbkdf2(const QString& password, const QString& stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256"_L1)
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < PasswordHash::minimumIterations || iterations > 10'000'000)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2].toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts[3].toLatin1());
    if (salt.isEmpty() || expected.size() != keyBytes)
        return false;
    return constantTimeEquals(derive(password, salt, iterations), expected);
}

bool verifyArgon2id(const QString& password, const QString& stored)
{
    const QByteArray encoded = stored.toLatin1();
    // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES.
    if (!sodiumReady() || encoded.size() >= qsizetype(crypto_pwhash_STRBYTES))
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(encoded.constData(), utf8.constData(), quint64(utf8.size()))
        == 0;
}

} // namespace

PasswordHash::Cost PasswordHash::Cost::interactive()
{
    return { crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE };
}

PasswordHash::Cost PasswordHash::Cost::minimum()
{
    return { crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN };
}

QString PasswordHash::hash(const QString& password, Cost cost)
{
    if (!sodiumReady())
        return QString();
    char out[crypto_pwhash_STRBYTES];
    const QByteArray utf8 = password.toUtf8();
    // crypto_pwhash_str picks Argon2id and a random salt itself.
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()), cost.opsLimit, cost.memLimit)
        != 0)
        return QString();
    return QString::fromLatin1(out);
}

QString PasswordHash::hashPbkdf2(const QString& password, int iterations)
{
    QByteArray salt(saltBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(salt.data()), saltBytes / 4);
    const QByteArray key = derive(password, salt, iterations);
    return u"pbkdf2-sha256$%1$%2$%3"_s.arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key.toBase64()));
}

bool PasswordHash::verify(const QString& password, const QString& stored)
{
    if (isArgon2id(stored))
        return verifyArgon2id(password, stored);
    return verifyPbkdf2(password, stored);
}

bool PasswordHash::needsRehash(const QString& stored)
{
    return !isArgon2id(stored);
}

bool PasswordHash::isArgon2id(const QString& stored)
{
    return stored.startsWith("$argon2id$"_L1);
}

} // namespace palaver::server
