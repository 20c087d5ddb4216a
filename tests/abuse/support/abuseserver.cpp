#include "abuseserver.h"

#include "abusecheck.h"

#include <QFile>
#include <sys/stat.h>

namespace palaver::abuse {

using namespace Qt::Literals::StringLiterals;

namespace {
/// The umask of an ordinary login shell: the server must make its files private itself.
void ordinaryUmask()
{
    ::umask(022);
}
} // namespace

AbuseServer::AbuseServer()
    : m_dataDir(m_dir.filePath(u"data"_s)) // not made here: the server creates it
    , m_binary(std::make_unique<testing::ServerBinary>(serverBinaryPath(), m_dataDir))
{
    ordinaryUmask();
}

AbuseServer::~AbuseServer()
{
    stop();
}

bool AbuseServer::addUser(const QString& name, const QString& password)
{
    return m_binary->addUser(name, password);
}

bool AbuseServer::start(const QByteArray& config, const QStringList& arguments)
{
    const QString path = m_dir.filePath(u"palaver.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(config) < 0)
        return false;
    file.close();
    return m_binary->start(QStringList { u"--config"_s, path } + arguments, 20000);
}

void AbuseServer::stop()
{
    if (m_binary->process().state() == QProcess::NotRunning)
        return;
    m_binary->terminate();
    if (!m_binary->waitForExit(10000))
        m_binary->kill();
    m_binary->waitForExit(5000);
}

qint64 AbuseServer::residentKiB() const
{
    return abuse::residentKiB(pid());
}

qint64 AbuseServer::cpuMs() const
{
    return abuse::cpuMs(pid());
}

int AbuseServer::logCount(const QByteArray& text)
{
    return int(log().count(text));
}

} // namespace palaver::abuse
