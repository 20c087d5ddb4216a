#pragma once

#include "app/serverconfig.h"

#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <functional>
#include <memory>

namespace palaver::server {
class ModelRegistry;
class Server;
class Provider;
} // namespace palaver::server

namespace palaver::testing {

/// An in-process palaver-server for tests: 127.0.0.1, port 0, a temporary data dir, the demo
/// model (fast by default), two workers. The whole server runs in its own thread, so a test may
/// block its own thread (QTcpSocket::waitFor…) without stalling the server.
class TestServer
{
public:
    struct Options
    {
        int demoTokensPerSecond = 1000;
        int workers = 2;
        protocol::Limits limits;
        /// The abuse limits (connections, sign-in, rates, replies, rooms); defaults as shipped.
        server::ServerLimits serverLimits;
        int pingIntervalMs = 30000;
        bool openRegistration = false;
        int tokenCheckIntervalMs = 5000;
        qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
        QString dataDir; ///< empty: a fresh temporary one
        /// Certificate and key: the server speaks TLS only (url() is then wss://).
        server::TlsFiles tls;
        /// Replaces the demo model (called in the server's thread).
        std::function<std::unique_ptr<server::Provider>()> provider;
        /// Several models instead (called in the server's thread); wins over `provider`.
        std::function<server::ModelRegistry()> models;
    };

    TestServer();
    explicit TestServer(Options options);
    ~TestServer();

    /// Starts it; false with errorString() on failure.
    bool start();
    void stop();
    /// Creates an account (the cheapest Argon2id, for speed; `register` uses it too); false when
    /// the store refused.
    bool addUser(const QString& name, const QString& password);
    /// Disables (or enables again) an account, as the admin CLI does; false when refused.
    bool setUserDisabled(const QString& name, bool disabled);

    quint16 port() const { return m_port; }
    /// ws://127.0.0.1:PORT/v1/ws, or wss:// with TLS.
    QUrl url() const;
    /// https://127.0.0.1:PORT + `path` (http:// without TLS).
    QUrl httpUrl(const QString& path) const;
    /// What SIGHUP does (Server::reloadTls); the error, empty when the files loaded.
    QString reloadTls();
    QString dataDir() const { return m_dataDir; }
    QString errorString() const { return m_error; }
    /// Runs `work` in the server's thread with the server, and waits for it.
    void inServerThread(const std::function<void(server::Server&)>& work);

private:
    Options m_options;
    QTemporaryDir m_tempDir;
    QString m_dataDir;
    QThread m_thread;
    std::unique_ptr<QObject> m_context; ///< lives in m_thread
    server::Server* m_server = nullptr;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace palaver::testing
