#include "session/keychaintokenvault.h"

#include <qt6keychain/keychain.h>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
const QString kService = u"Palaver"_s;

/// Empty when the job succeeded; "no such entry" is not a failure of the keychain.
QString errorOf(const QKeychain::Job& job)
{
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return {};
    return job.errorString().isEmpty() ? KeychainTokenVault::tr("The keychain failed")
                                       : job.errorString();
}
} // namespace

KeychainTokenVault::KeychainTokenVault(QObject* parent)
    : TokenVault(parent)
{ }

QString KeychainTokenVault::description() const
{
    return tr("the system keychain");
}

void KeychainTokenVault::read(const QString& key)
{
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(key);
    // Never QtKeychain's own plain-text fallback: the file fallback is ours and private.
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, key] { Q_EMIT readDone(key, job->textData(), errorOf(*job)); });
    job->start();
}

void KeychainTokenVault::write(const QString& key, const QString& token)
{
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setKey(key);
    job->setInsecureFallback(false);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, key] { Q_EMIT writeDone(key, errorOf(*job)); });
    job->start();
}

void KeychainTokenVault::remove(const QString& key)
{
    auto* job = new QKeychain::DeletePasswordJob(kService, this);
    job->setKey(key);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, key] { Q_EMIT removeDone(key, errorOf(*job)); });
    job->start();
}

} // namespace palaver::client
