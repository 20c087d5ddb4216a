#pragma once

#include "app/serverconfig.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <memory>

class QThread;

namespace palaver::server {

class Hub;
class Listener;
class ModelRegistry;
class Provider;
class Worker;

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

    /// Opens the store and starts listening; on failure `error` says why.
    bool start(QString* error);
    /// Interrupts running replies, closes every client with 1001 and stops the workers.
    void stop();

    quint16 port() const;
    QUrl webSocketUrl() const;
    QUrl healthUrl() const;
    Hub* hub() const { return m_hub.get(); }
    const ServerConfig& config() const { return m_config; }

private:
    ServerConfig m_config;
    std::unique_ptr<Hub> m_hub;
    QList<QThread*> m_threads;
    QList<Worker*> m_workers;
    Listener* m_listener = nullptr;
    bool m_running = false;
};

} // namespace palaver::server
