#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

/// The real palaver-server binary, run in a temporary data directory on a free loopback port.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    /// Runs `palaver-server user add NAME --password-stdin`; false (with output()) on failure.
    bool addUser(const QString& name, const QString& password);
    /// Starts the server with `extraArguments` and waits until it says where it listens.
    bool start(const QStringList& extraArguments, const QProcessEnvironment& environment);
    /// ws://127.0.0.1:PORT/v1/ws
    QUrl webSocketUrl() const;
    /// Everything the server printed so far, for failure messages.
    QString output() const;

private:
    static QString binary();

    QTemporaryDir m_dataDir;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};
