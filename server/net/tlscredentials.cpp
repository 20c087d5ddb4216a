#include "net/tlscredentials.h"

namespace palaver::server {

TlsCredentials::TlsCredentials(TlsFiles files, const TlsLoad& loaded)
    : m_files(std::move(files))
    , m_configuration(loaded.configuration.value_or(QSslConfiguration()))
    , m_digest(loaded.digest)
{ }

QSslConfiguration TlsCredentials::configuration() const
{
    QMutexLocker lock(&m_mutex);
    return m_configuration;
}

QByteArray TlsCredentials::digest() const
{
    QMutexLocker lock(&m_mutex);
    return m_digest;
}

TlsLoad TlsCredentials::reload()
{
    TlsLoad loaded = loadTls(m_files); // outside the lock: new connections go on meanwhile
    if (loaded.configuration) {
        QMutexLocker lock(&m_mutex);
        m_configuration = *loaded.configuration;
        m_digest = loaded.digest;
    }
    return loaded;
}

} // namespace palaver::server
