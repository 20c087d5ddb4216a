#pragma once

#include "serverbinary.h"

#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace palaver::abuse {

/// The palaver-server under attack: the binary serverBinaryPath() names, started as a child
/// process under umask 022 with a config file (a `[limits]` section sized for CI, often a
/// `[model.ID]` pointing at a fake upstream) on a data dir it creates itself.
class AbuseServer
{
public:
    AbuseServer();
    ~AbuseServer();

    /// Adds an account (before or after start()); false when `user add` failed.
    bool addUser(const QString& name, const QString& password);
    /// Writes `config` (INI text) and starts the server with `--config FILE` and `arguments`.
    bool start(const QByteArray& config, const QStringList& arguments = {});
    void stop();

    quint16 port() const { return m_binary->port(); }
    QUrl url() const { return m_binary->url(); }
    qint64 pid() const { return m_binary->process().processId(); }
    qint64 residentKiB() const;
    qint64 cpuMs() const;
    /// Everything the server wrote to standard error so far.
    QByteArray log() { return m_binary->log(); }
    /// How often `text` occurs in the log.
    int logCount(const QByteArray& text);
    QString dataDir() const { return m_dataDir; }
    QString errorString() const { return m_binary->errorString(); }

private:
    QTemporaryDir m_dir;
    QString m_dataDir;
    std::unique_ptr<testing::ServerBinary> m_binary;
};

} // namespace palaver::abuse
