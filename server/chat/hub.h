#pragma once

#include "ai/modelregistry.h"
#include "auth/passwordhash.h"
#include "chat/fanout.h"
#include "chat/inboundqueue.h"
#include "limits/offenderlog.h"
#include "limits/sendbudget.h"
#include "limits/serverlimits.h"
#include "metrics/servermetrics.h"
#include "protocol/messages.h"

#include <QElapsedTimer>
#include <QObject>
#include <memory>

namespace palaver::server {

class Access;
class AnnouncementStore;
class Announcements;
class ChatStore;
class ConversationHandler;
class ConversationViews;
class Database;
class WalCheckpointer;
class Generations;
class GroupCommit;
class MemberHandler;
class Membership;
class Presence;
class ReadMarkers;
class RoomRules;
class SignIn;
class SignInFailureStore;
class RevocationLog;
class TypingRelay;
class UserStore;

/// What the hub needs to know about the server it runs in.
struct HubConfig
{
    QString dataDir; ///< holds palaver.sqlite
    protocol::ServerInfo serverInfo;
    protocol::Limits limits;
    ServerLimits serverLimits; ///< the abuse limits (sign-in, request rates, replies, rooms)
    qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
    /// How often live sessions' tokens are checked again (SignInConfig); 0: never.
    int tokenCheckIntervalMs = 5000;
    /// For accounts made by `register`.
    PasswordHash::Cost passwordCost = PasswordHash::Cost::interactive();
};

/// The one place that owns the store, the conversations, their members, presence and the
/// generations. It lives in one thread (the main thread); sessions on the worker threads post
/// requests to it with post(), and it answers through fanout(), whose signals the workers
/// receive queued.
class Hub : public QObject
{
    Q_OBJECT
public:
    /// A request that takes longer than this from its arrival to its answer is logged.
    static constexpr int slowRequestMs = 500;

    Hub(HubConfig config, ModelRegistry models, QObject* parent = nullptr);
    ~Hub() override;

    /// Opens the database and marks replies a crash left streaming as interrupted.
    bool open(QString* error);
    /// Thread-safe: queues a request from a session for the hub's thread. False when that user
    /// (or that connection, before sign-in) already has as many requests waiting as allowed:
    /// the session answers `rate_limited`.
    bool post(const SessionRef& session, const protocol::ClientMessage& message);
    /// Requests waiting for the hub's thread.
    int waitingRequests() const { return m_inbound.waiting(); }
    /// Thread-safe: a worker has routed the signed-in connection to its user (called by the
    /// worker that owns it, so it always comes before that connection's sessionEnded()).
    void sessionOnline(quint64 sessionId, const QString& userId, const QString& userName);
    /// Thread-safe: the connection is gone (its token needs no more checks; its user may now be
    /// offline).
    void sessionEnded(quint64 sessionId, const QString& userId);
    /// Ends every running reply as interrupted and records everyone as last seen now (server
    /// shutdown).
    void shutdown();
    /// Makes everything stored so far durable in the database file; false when that failed.
    bool flush();

    Fanout* fanout() { return &m_fanout; }
    /// The bytes queued on every connection (the workers count, replies read it to pace their
    /// upstream). Thread-safe.
    SendBudget& sendBudget() { return m_sendBudget; }
    /// Who hit which limit (thread-safe): one log line per offender and minute, counts per limit.
    OffenderLog& offenders() { return m_offenders; }
    /// What the server counts for `GET /metrics` (thread-safe).
    ServerMetrics& metrics() { return m_metrics; }
    Generations* generations() { return m_generations.get(); }
    UserStore* users() { return m_users.get(); }
    /// The store's connection (tests reach it to provoke failures); null before open().
    Database* database() { return m_db.get(); }
    SignIn* signIn() { return m_signIn.get(); }
    const HubConfig& config() const { return m_config; }

private:
    void handle(const SessionRef& session, const protocol::ClientMessage& message);
    /// Queues `task` in the line of `userId` (or of the connection, before sign-in), so the hub
    /// runs it after that user's earlier requests.
    bool enqueue(quint64 sessionId, const QString& userId, InboundQueue::Task task, bool bounded);
    void drainInbound();
    /// Commits the messages stored so far (GroupCommit): before anything that is not a send, so
    /// every other request sees, and answers after, what came before it.
    void commitBatch();
    /// Counts the request's time since it was posted, and logs it when it took long.
    void noteRequestTime(const SessionRef& session, const protocol::ClientMessage& message,
        const QElapsedTimer& sincePosted);

    HubConfig m_config;
    ServerMetrics m_metrics;
    ModelRegistry m_models;
    Fanout m_fanout;
    SendBudget m_sendBudget;
    OffenderLog m_offenders;
    InboundQueue m_inbound;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
    std::unique_ptr<GroupCommit> m_batch; ///< messages stored together, committed per drain
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<SignInFailureStore> m_signInFailures;
    std::unique_ptr<RevocationLog> m_revocations;
    std::unique_ptr<ChatStore> m_chats;
    std::unique_ptr<Membership> m_membership;
    std::unique_ptr<Access> m_access;
    std::unique_ptr<Presence> m_presence;
    std::unique_ptr<ConversationViews> m_views;
    std::unique_ptr<ReadMarkers> m_readMarkers;
    std::unique_ptr<TypingRelay> m_typing;
    std::unique_ptr<Generations> m_generations;
    std::unique_ptr<RoomRules> m_roomRules;
    std::unique_ptr<ConversationHandler> m_conversations;
    std::unique_ptr<MemberHandler> m_members;
    std::unique_ptr<AnnouncementStore> m_announcementStore;
    std::unique_ptr<Announcements> m_announcements;
    std::unique_ptr<SignIn> m_signIn;
};

} // namespace palaver::server
