#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

/// The real palaver-server binary in a temporary data directory that outlives the process, so the
/// server can be killed (SIGKILL) and started again on the same data and the same port.
class KillableServer : public QObject
{
    Q_OBJECT
public:
    explicit KillableServer(const QStringList& arguments, QObject* parent = nullptr);
    ~KillableServer() override;

    /// Runs `palaver-server user add NAME --password-stdin`; false (see output()) on failure.
    bool addUser(const QString& name, const QString& password);
    /// Starts the server: on a free port the first time, on that same port after.
    void start();
    /// The server said where it listens (the port is known from then on).
    bool isListening() const { return m_listening; }
    /// kill -9, and waits for the process to be gone.
    bool kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    quint16 port() const { return m_port; }
    QUrl webSocketUrl() const;
    /// Everything the server printed, for failure messages.
    QString output() const { return QString::fromUtf8(m_output); }

private:
    void onOutput();
    static QString binary();

    QStringList m_arguments;
    QTemporaryDir m_dataDir;
    QProcess m_process;
    QByteArray m_output;
    qsizetype m_scanFrom = 0;
    quint16 m_port = 0;
    bool m_listening = false;
};
