#include "testserver.h"

#include "ai/demomodel.h"
#include "ai/modelregistry.h"
#include "app/server.h"
#include "chat/hub.h"
#include "store/userstore.h"

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

TestServer::TestServer()
    : TestServer(Options {})
{ }

TestServer::TestServer(Options options)
    : m_options(std::move(options))
{
    m_dataDir = m_options.dataDir.isEmpty() ? m_tempDir.path() : m_options.dataDir;
    m_thread.setObjectName(u"test-server"_s);
}

TestServer::~TestServer()
{
    stop();
}

bool TestServer::start()
{
    m_context = std::make_unique<QObject>();
    m_context->moveToThread(&m_thread);
    m_thread.start();
    bool ok = false;
    QMetaObject::invokeMethod(
        m_context.get(),
        [this, &ok] {
            server::ServerConfig config;
            config.address = QHostAddress::LocalHost;
            config.port = 0;
            config.tls = m_options.tls;
            config.dataDir = m_dataDir;
            config.workers = m_options.workers;
            config.limits = m_options.limits;
            config.serverLimits = m_options.serverLimits;
            config.pingIntervalMs = m_options.pingIntervalMs;
            config.openRegistration = m_options.openRegistration;
            config.tokenCheckIntervalMs = m_options.tokenCheckIntervalMs;
            config.tokenLifetimeSeconds = m_options.tokenLifetimeSeconds;
            config.fastPasswordHashing = true;
            config.llm.kind = server::LlmConfig::Kind::Demo;
            config.llm.demoTokensPerSecond = m_options.demoTokensPerSecond;
            std::unique_ptr<server::Provider> provider = m_options.provider
                ? m_options.provider()
                : std::make_unique<server::DemoModel>(config.llm);

            m_server = m_options.models ? new server::Server(config, m_options.models())
                                        : new server::Server(config, std::move(provider));
            ok = m_server->start(&m_error);
            m_port = m_server->port();
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

void TestServer::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context.get(),
        [this] {
            delete m_server; // stops it
            m_server = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_context.reset();
}

bool TestServer::addUser(const QString& name, const QString& password)
{
    bool ok = false;
    inServerThread([&](server::Server& server) {
        QString error;
        ok = server.hub()
                 ->users()
                 ->addUser(name, password, &error, server::PasswordHash::Cost::minimum())
                 .has_value();
        if (!ok)
            m_error = error;
    });
    return ok;
}

bool TestServer::setUserDisabled(const QString& name, bool disabled)
{
    bool ok = false;
    inServerThread([&](server::Server& server) {
        QString error;
        ok = server.hub()->users()->setDisabled(name, disabled, &error);
        if (!ok)
            m_error = error;
    });
    return ok;
}

QUrl TestServer::url() const
{
    return QUrl(
        u"%1://127.0.0.1:%2/v1/ws"_s.arg(m_options.tls.enabled() ? u"wss"_s : u"ws"_s).arg(m_port));
}

QUrl TestServer::httpUrl(const QString& path) const
{
    return QUrl(u"%1://127.0.0.1:%2%3"_s.arg(m_options.tls.enabled() ? u"https"_s : u"http"_s)
                    .arg(m_port)
                    .arg(path));
}

QString TestServer::reloadTls()
{
    QString error;
    inServerThread([&error](server::Server& server) { error = server.reloadTls().error; });
    return error;
}

void TestServer::inServerThread(const std::function<void(server::Server&)>& work)
{
    if (!m_server)
        return;
    QMetaObject::invokeMethod(
        m_context.get(), [this, &work] { work(*m_server); }, Qt::BlockingQueuedConnection);
}

} // namespace palaver::testing
