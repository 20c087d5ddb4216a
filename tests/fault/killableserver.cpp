#include "killableserver.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int kProcessTimeoutMs = 15000;
}

KillableServer::KillableServer(const QStringList& arguments, QObject* parent)
    : QObject(parent)
    , m_arguments(arguments)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this, &KillableServer::onOutput);
}

KillableServer::~KillableServer()
{
    if (isRunning()) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString KillableServer::binary()
{
    return QStringLiteral(PALAVER_BIN_DIR "/palaver-server");
}

bool KillableServer::addUser(const QString& name, const QString& password)
{
    QProcess add;
    add.setProcessChannelMode(QProcess::MergedChannels);
    add.start(binary(),
        { u"user"_s, u"add"_s, name, u"--password-stdin"_s, u"--data-dir"_s, m_dataDir.path() });
    add.write(password.toUtf8() + '\n');
    add.closeWriteChannel();
    const bool finished = add.waitForFinished(kProcessTimeoutMs);
    m_output += add.readAll();
    return finished && add.exitStatus() == QProcess::NormalExit && add.exitCode() == 0;
}

void KillableServer::start()
{
    m_listening = false;
    m_scanFrom = m_output.size();
    m_output += "---- palaver-server start ----\n";
    m_process.start(binary(),
        QStringList {
            u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--data-dir"_s, m_dataDir.path() }
            + m_arguments);
}

bool KillableServer::kill()
{
    m_listening = false;
    m_process.kill();
    const bool gone = m_process.waitForFinished(kProcessTimeoutMs);
    onOutput();
    m_output += "---- palaver-server killed (SIGKILL) ----\n";
    return gone;
}

void KillableServer::onOutput()
{
    m_output += m_process.readAll();
    if (m_listening)
        return;
    static const QRegularExpression listening(u"listening on 127\\.0\\.0\\.1:(\\d+)"_s);
    const QRegularExpressionMatch match
        = listening.match(QString::fromUtf8(m_output.mid(m_scanFrom)));
    if (match.hasMatch()) {
        m_port = match.captured(1).toUShort();
        m_listening = m_port != 0;
    }
}

QUrl KillableServer::webSocketUrl() const
{
    return QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_port));
}
