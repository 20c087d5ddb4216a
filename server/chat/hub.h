#pragma once

#include "ai/modelregistry.h"
#include "chat/fanout.h"
#include "protocol/messages.h"

#include <QObject>
#include <QThreadPool>
#include <memory>

namespace palaver::server {

class ChatStore;
class ConversationHandler;
class Database;
class Generations;
class UserStore;

/// What the hub needs to know about the server it runs in.
struct HubConfig
{
    QString dataDir; ///< holds palaver.sqlite
    protocol::ServerInfo serverInfo;
    protocol::Limits limits;
    qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
};

/// The one place that owns the store, the conversations and the generations. It lives in one
/// thread (the main thread); sessions on the worker threads post requests to it with post(), and
/// it answers through fanout(), whose signals the workers receive queued.
class Hub : public QObject
{
    Q_OBJECT
public:
    Hub(HubConfig config, ModelRegistry models, QObject* parent = nullptr);
    ~Hub() override;

    /// Opens the database and marks replies a crash left streaming as interrupted.
    bool open(QString* error);
    /// Thread-safe: queues a request from a session for the hub's thread.
    void post(const SessionRef& session, const protocol::ClientMessage& message);
    /// Ends every running reply as interrupted (server shutdown).
    void shutdown();
    /// Makes everything stored so far durable in the database file; false when that failed.
    bool flush();

    Fanout* fanout() { return &m_fanout; }
    Generations* generations() { return m_generations.get(); }
    UserStore* users() { return m_users.get(); }
    const HubConfig& config() const { return m_config; }

private:
    void handle(const SessionRef& session, const protocol::ClientMessage& message);
    void login(const SessionRef& session, const protocol::Login& request);
    void finishLogin(const SessionRef& session, const QString& requestId, const QString& userId,
        const QString& userName, bool passwordOk);
    void auth(const SessionRef& session, const protocol::Auth& request);
    void welcome(const SessionRef& session, const QString& requestId, const QString& userId,
        const QString& userName, const QString& token);

    HubConfig m_config;
    ModelRegistry m_models;
    Fanout m_fanout;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<ChatStore> m_chats;
    std::unique_ptr<Generations> m_generations;
    std::unique_ptr<ConversationHandler> m_conversations;
    /// Password hashing is slow on purpose: it runs here, not in the hub's thread. Declared last
    /// so it is destroyed (waiting for its tasks) first.
    QThreadPool m_hashing;
};

} // namespace palaver::server
