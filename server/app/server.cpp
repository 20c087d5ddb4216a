#include "app/server.h"

#include "ai/modelregistry.h"
#include "ai/provider.h"
#include "auth/passwordhash.h"
#include "chat/generations.h"
#include "chat/hub.h"
#include "eventloop/networkeventdispatcher.h"
#include "limits/sharedlimits.h"
#include "log/categories.h"
#include "net/listener.h"
#include "net/metricslistener.h"
#include "net/tlscredentials.h"
#include "net/worker.h"
#include "protocol/errorcode.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QThread>
#include <QTimer>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

Server::Server(ServerConfig config, std::unique_ptr<Provider> provider, QObject* parent)
    : Server(std::move(config), ModelRegistry::single(std::move(provider)), parent)
{ }

Server::Server(ServerConfig config, ModelRegistry models, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    HubConfig hubConfig;
    hubConfig.dataDir = m_config.dataDir;
    hubConfig.serverInfo = { m_config.serverName, QCoreApplication::applicationVersion() };
    if (hubConfig.serverInfo.version.isEmpty())
        hubConfig.serverInfo.version = QStringLiteral(PALAVER_SERVER_VERSION);
    hubConfig.serverInfo.registrationOpen = m_config.openRegistration;
    hubConfig.limits = m_config.limits;
    hubConfig.serverLimits = m_config.serverLimits;
    hubConfig.tokenLifetimeSeconds = m_config.tokenLifetimeSeconds;
    hubConfig.tokenCheckIntervalMs = m_config.tokenCheckIntervalMs;
    if (m_config.fastPasswordHashing)
        hubConfig.passwordCost = PasswordHash::Cost::minimum();
    m_hub = std::make_unique<Hub>(hubConfig, std::move(models));
    m_sharedLimits = std::make_unique<SharedLimits>(
        m_config.serverLimits, m_hub->sendBudget(), m_hub->offenders());
}

Server::~Server()
{
    stop();
}

bool Server::start(QString* error)
{
    if (m_running)
        return true;
    if (m_config.tls.enabled() && !m_tls) {
        const TlsLoad loaded = loadTls(m_config.tls);
        if (!loaded.configuration) {
            *error = loaded.error;
            return false;
        }
        m_tls = std::make_unique<TlsCredentials>(m_config.tls, loaded);
        m_tlsSummary = loaded.summary;
        m_tlsWarnings = loaded.warnings;
    }
    if (!m_hub->open(error))
        return false;
    const int workerCount
        = m_config.workers > 0 ? m_config.workers : qMax(1, QThread::idealThreadCount());
    for (int i = 0; i < workerCount; ++i) {
        auto* thread = new QThread;
        thread->setObjectName(u"palaver-worker-%1"_s.arg(i));
        // epoll unless PALAVER_EVENT_DISPATCHER=qt: idle connections then cost nothing per pass.
        if (QAbstractEventDispatcher* dispatcher = NetworkEventDispatcher::create())
            thread->setEventDispatcher(dispatcher);
        auto* worker = new Worker(m_hub.get(), *m_sharedLimits,
            SessionOptions { m_config.limits, m_config.pingIntervalMs }, m_tls.get());
        worker->setIndex(i);
        worker->setMetricsAccess(metricsAccess());
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        const Fanout* fanout = m_hub->fanout();
        connect(fanout, &Fanout::frameForSession, worker, &Worker::deliverToSession);
        connect(fanout, &Fanout::frameForUser, worker, &Worker::deliverToUser);
        connect(fanout, &Fanout::frameForUsers, worker, &Worker::deliverToUsers);
        connect(fanout, &Fanout::frameForEveryone, worker, &Worker::deliverToEveryone);
        connect(fanout, &Fanout::sessionAuthenticated, worker, &Worker::authenticateSession);
        connect(fanout, &Fanout::loginFailed, worker, &Worker::countFailedLogin);
        connect(fanout, &Fanout::signInSettled, worker, &Worker::settleSignIn);
        connect(fanout, &Fanout::sessionRevoked, worker, &Worker::revokeSession);
        thread->start();
        m_threads.append(thread);
        m_workers.append(worker);
    }
    m_listener = new Listener(m_workers, this);
    if (!m_listener->listen(m_config.address, m_config.port)) {
        *error = u"Cannot listen on %1:%2: %3"_s.arg(m_config.address.toString())
                     .arg(m_config.port)
                     .arg(m_listener->errorString());
        m_running = true;
        stop();
        return false;
    }
    const MetricsConfig& metrics = m_config.metrics;
    if (metrics.enabled && !metrics.address.isNull()) {
        m_metricsListener
            = new MetricsListener(m_hub.get(), *m_sharedLimits, metricsAccess(), this);
        if (!m_metricsListener->listen(metrics.address, metrics.port)) {
            *error = u"Cannot listen for metrics on %1:%2: %3"_s.arg(metrics.address.toString())
                         .arg(metrics.port)
                         .arg(m_metricsListener->errorString());
            m_running = true;
            stop();
            return false;
        }
    }
    m_running = true;
    return true;
}

MetricsAccess Server::metricsAccess() const
{
    const MetricsConfig& metrics = m_config.metrics;
    return MetricsAccess { metrics.enabled && metrics.address.isNull(), metrics.token.toUtf8() };
}

quint16 Server::metricsPort() const
{
    return m_metricsListener ? m_metricsListener->serverPort() : 0;
}

void Server::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_listener)
        m_listener->close();
    // The interrupted ends are queued to the workers before the close below, so clients get them.
    m_hub->shutdown();
    m_hub->flush();
    for (Worker* worker : std::as_const(m_workers)) {
        QMetaObject::invokeMethod(
            worker,
            [worker] {
                worker->closeAll(protocol::closecode::goingAway, u"Server shutting down"_s);
            },
            Qt::BlockingQueuedConnection);
    }
    for (QThread* thread : std::as_const(m_threads)) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear(); // deleted in their threads on finish
    delete m_listener;
    m_listener = nullptr;
    delete m_metricsListener;
    m_metricsListener = nullptr;
}

void Server::beginShutdown(int graceMs)
{
    if (m_draining) {
        finishShutdown(); // asked twice: the operator does not want to wait
        return;
    }
    m_draining = true;
    if (!m_running) {
        QMetaObject::invokeMethod(this, &Server::finishShutdown, Qt::QueuedConnection);
        return;
    }
    // The port refuses connections from now on, so a load balancer or a restarted server can
    // take over at once.
    if (m_listener)
        m_listener->close();
    // Clients go first: a reply belongs to the server, not to a connection, and is stored; a
    // client that reconnects (to this server's successor) gets it through sync.
    for (Worker* worker : std::as_const(m_workers)) {
        QMetaObject::invokeMethod(
            worker,
            [worker] {
                worker->closeAll(protocol::closecode::goingAway, u"Server shutting down"_s);
            },
            Qt::QueuedConnection);
    }
    Generations* generations = m_hub->generations();
    // Replies waiting for a free slot are dropped: only the running ones get the grace period.
    if (generations)
        generations->drain();
    if (!generations || generations->runningCount() == 0) {
        QMetaObject::invokeMethod(this, &Server::finishShutdown, Qt::QueuedConnection);
        return;
    }
    qCInfo(lcServer, "waiting up to %d ms for %d running replies", graceMs,
        generations->runningCount());
    connect(generations, &Generations::generationEnded, this, [this, generations] {
        if (generations->runningCount() == 0)
            finishShutdown();
    });
    m_graceTimer = new QTimer(this);
    m_graceTimer->setSingleShot(true);
    connect(m_graceTimer, &QTimer::timeout, this, &Server::finishShutdown);
    m_graceTimer->start(qMax(0, graceMs));
}

void Server::finishShutdown()
{
    if (m_shutdownDone)
        return;
    m_shutdownDone = true;
    if (m_graceTimer)
        m_graceTimer->stop();
    stop();
    Q_EMIT shutdownFinished();
}

TlsLoad Server::reloadTls()
{
    if (!m_tls) {
        TlsLoad none;
        none.error = u"no TLS certificate is configured ([tls]): nothing to reload"_s;
        qCInfo(lcServer, "%s", qPrintable(none.error));
        return none;
    }
    TlsLoad loaded = m_tls->reload();
    if (!loaded.configuration) {
        qCCritical(lcServer,
            "TLS reload failed, new connections keep the certificate in "
            "use: %s",
            qPrintable(loaded.error));
        return loaded;
    }
    m_tlsSummary = loaded.summary;
    m_tlsWarnings = loaded.warnings;
    qCInfo(lcServer, "TLS reloaded: new connections get %s", qPrintable(loaded.summary));
    for (const QString& warning : std::as_const(loaded.warnings))
        qCWarning(lcServer, "%s", qPrintable(warning));
    return loaded;
}

QByteArray Server::tlsDigest() const
{
    return m_tls ? m_tls->digest() : QByteArray();
}

quint16 Server::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QUrl Server::webSocketUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? u"wss"_s : u"ws"_s);
    url.setHost(m_config.address.toString());
    url.setPort(port());
    url.setPath(u"/v1/ws"_s);
    return url;
}

QUrl Server::healthUrl() const
{
    QUrl url = webSocketUrl();
    url.setScheme(m_tls ? u"https"_s : u"http"_s);
    url.setPath(u"/healthz"_s);
    return url;
}

} // namespace palaver::server
