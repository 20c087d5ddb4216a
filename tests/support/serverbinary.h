#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace palaver::testing {

/// The real palaver-server binary as a child process, for tests of what only a process has:
/// signals, exit codes, a kill -9 and a restart on the same data dir. It listens on 127.0.0.1,
/// port 0 (the port is read from its log), with the demo model and no detection.
class ServerBinary
{
public:
    ServerBinary(QString binaryPath, QString dataDir);
    ~ServerBinary();

    /// Runs `palaver-server user add` on the data dir; true when it succeeded.
    bool addUser(const QString& name, const QString& password);
    /// Runs `palaver-server ARGUMENTS --data-dir DIR` (an admin command, also while the server
    /// runs) with `input` on standard input; its exit code, with standard output in `output`
    /// and standard error in errorString().
    int runCommand(
        const QStringList& arguments, const QByteArray& input = {}, QString* output = nullptr);
    /// Starts serving with `extraArguments` and waits for the listening line; false (with the
    /// log in errorString()) when it did not come.
    bool start(const QStringList& extraArguments = {}, int timeoutMs = 10000);
    void terminate(); ///< SIGTERM
    void hangUp(); ///< SIGHUP: reload the TLS certificate
    void kill(); ///< SIGKILL: a crash, nothing is flushed
    /// Waits for the process to end; true when it did.
    bool waitForExit(int timeoutMs = 10000);

    quint16 port() const { return m_port; }
    QUrl url() const;
    QProcess& process() { return m_process; }
    /// Everything it wrote to standard error so far.
    QByteArray log();
    QString errorString() const { return m_error; }

private:
    QString m_binaryPath;
    QString m_dataDir;
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace palaver::testing
