#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int kStartTimeoutMs = 15000;
}

ServerProcess::ServerProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ServerProcess::binary()
{
    return QStringLiteral(PALAVER_BIN_DIR "/palaver-server");
}

bool ServerProcess::addUser(const QString& name, const QString& password)
{
    QProcess add;
    add.setProcessChannelMode(QProcess::MergedChannels);
    add.start(binary(),
        { u"user"_s, u"add"_s, name, u"--password-stdin"_s, u"--data-dir"_s, m_dataDir.path() });
    add.write(password.toUtf8() + '\n');
    add.closeWriteChannel();
    const bool finished = add.waitForFinished(kStartTimeoutMs);
    m_output += add.readAll();
    return finished && add.exitStatus() == QProcess::NormalExit && add.exitCode() == 0;
}

bool ServerProcess::start(const QStringList& extraArguments, const QProcessEnvironment& environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.start(binary(),
        QStringList { u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, m_dataDir.path() }
            + extraArguments);
    static const QRegularExpression listening(u"listening on 127\\.0\\.0\\.1:(\\d+)"_s);
    const QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(100);
        m_output += m_process.readAll();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_port = match.captured(1).toUShort();
            return m_port != 0;
        }
    }
    return false;
}

QUrl ServerProcess::webSocketUrl() const
{
    return QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_port));
}

QString ServerProcess::output() const
{
    return QString::fromUtf8(m_output + const_cast<QProcess&>(m_process).readAll());
}
