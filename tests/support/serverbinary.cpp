#include "serverbinary.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

ServerBinary::ServerBinary(QString binaryPath, QString dataDir)
    : m_binaryPath(std::move(binaryPath))
    , m_dataDir(std::move(dataDir))
{ }

ServerBinary::~ServerBinary()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ServerBinary::addUser(const QString& name, const QString& password)
{
    QProcess add;
    add.start(m_binaryPath,
        { u"user"_s, u"add"_s, name, u"--password-stdin"_s, u"--data-dir"_s, m_dataDir });
    add.write(password.toUtf8() + '\n');
    add.closeWriteChannel();
    if (!add.waitForFinished(30000) || add.exitCode() != 0) {
        m_error = QString::fromUtf8(add.readAllStandardError());
        return false;
    }
    return true;
}

int ServerBinary::runCommand(const QStringList& arguments, const QByteArray& input, QString* output)
{
    QProcess command;
    command.start(m_binaryPath, arguments + QStringList { u"--data-dir"_s, m_dataDir });
    command.write(input);
    command.closeWriteChannel();
    if (!command.waitForFinished(30000)) {
        m_error = u"palaver-server %1 did not finish"_s.arg(arguments.join(u' '));
        return -1;
    }
    if (output)
        *output = QString::fromUtf8(command.readAllStandardOutput());
    m_error = QString::fromUtf8(command.readAllStandardError());
    return command.exitStatus() == QProcess::NormalExit ? command.exitCode() : -1;
}

bool ServerBinary::start(const QStringList& extraArguments, int timeoutMs)
{
    m_log.clear();
    m_port = 0;
    m_process.start(m_binaryPath,
        QStringList { u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, m_dataDir, u"--workers"_s,
            u"2"_s, u"--no-detect"_s }
            + extraArguments);
    static const QRegularExpression listening(
        u"palaver-server listening on 127\\.0\\.0\\.1:(\\d+)"_s);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(log()));
        if (match.hasMatch()) {
            m_port = match.captured(1).toUShort();
            return true;
        }
        if (m_process.state() == QProcess::NotRunning)
            break;
        m_process.waitForReadyRead(int(qMin<qint64>(100, deadline.remainingTime())));
    }
    m_error = u"palaver-server did not start: "_s + QString::fromUtf8(log());
    return false;
}

void ServerBinary::terminate()
{
    m_process.terminate();
}

void ServerBinary::hangUp()
{
#ifdef Q_OS_UNIX
    if (m_process.state() == QProcess::Running)
        ::kill(pid_t(m_process.processId()), SIGHUP);
#endif
}

void ServerBinary::kill()
{
    m_process.kill();
}

bool ServerBinary::waitForExit(int timeoutMs)
{
    return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
}

QUrl ServerBinary::url() const
{
    return QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_port));
}

QByteArray ServerBinary::log()
{
    m_log += m_process.readAllStandardError();
    return m_log;
}

} // namespace palaver::testing
