#pragma once

#include "app/serverconfig.h"
#include "net/tlsconfig.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <memory>

class QThread;
class QTimer;

namespace palaver::server {

class Hub;
class Listener;
class MetricsListener;
struct MetricsAccess;
class ModelRegistry;
class Provider;
class TlsCredentials;
class Worker;
struct SharedLimits;

/// A whole palaver-server in one object: the hub (store, conversations, generations) in the
/// calling thread, N worker threads, and the listener. main() and the tests both use it.
class Server : public QObject
{
    Q_OBJECT
public:
    /// Serves the models of `models` (create it in the thread the server runs in).
    Server(ServerConfig config, ModelRegistry models, QObject* parent = nullptr);
    /// Serves one model, `provider`.
    Server(ServerConfig config, std::unique_ptr<Provider> provider, QObject* parent = nullptr);
    ~Server() override;

    /// Loads the TLS certificate and key (if configured), opens the store and starts listening;
    /// on failure `error` says why.
    bool start(QString* error);
    /// Re-reads the TLS certificate and key (SIGHUP): new connections get them when they load,
    /// otherwise the ones in use stay. Connections already open are not touched. Logs the
    /// outcome; the result says it too (an error, and no configuration, when it failed or there
    /// is no TLS).
    TlsLoad reloadTls();
    /// The certificate in use, for the start-up log (empty without TLS), and what is worth a
    /// warning about it.
    QString tlsSummary() const { return m_tlsSummary; }
    QStringList tlsWarnings() const { return m_tlsWarnings; }
    /// SHA-256 of the certificate new connections get (empty without TLS).
    QByteArray tlsDigest() const;
    /// Interrupts running replies, closes every client with 1001, flushes the store and stops
    /// the workers, all at once.
    void stop();
    /// The graceful stop (SIGTERM/SIGINT): stops accepting connections and closes every client
    /// with 1001 at once, lets running replies go on for up to `graceMs`, then stop()s, which
    /// ends the rest as interrupted. Emits shutdownFinished() when done. Called again while it
    /// waits, it stops at once.
    void beginShutdown(int graceMs);
    bool isShuttingDown() const { return m_draining; }

    quint16 port() const;
    /// The port of `[metrics] listen` (0 when metrics are on the main port).
    quint16 metricsPort() const;
    /// ws:// or, with TLS, wss://.
    QUrl webSocketUrl() const;
    QUrl healthUrl() const;
    Hub* hub() const { return m_hub.get(); }
    SharedLimits* sharedLimits() const { return m_sharedLimits.get(); }
    const ServerConfig& config() const { return m_config; }

Q_SIGNALS:
    void shutdownFinished();

private:
    void finishShutdown();
    MetricsAccess metricsAccess() const;

    ServerConfig m_config;
    std::unique_ptr<Hub> m_hub;
    /// Shared by the workers; they are stopped before it goes.
    std::unique_ptr<SharedLimits> m_sharedLimits;
    /// The certificate the workers hand out (null without TLS); outlives them like the limits.
    std::unique_ptr<TlsCredentials> m_tls;
    QString m_tlsSummary;
    QStringList m_tlsWarnings;
    QList<QThread*> m_threads;
    QList<Worker*> m_workers;
    Listener* m_listener = nullptr;
    MetricsListener* m_metricsListener = nullptr;
    QTimer* m_graceTimer = nullptr;
    bool m_running = false;
    bool m_draining = false;
    bool m_shutdownDone = false;
};

} // namespace palaver::server
