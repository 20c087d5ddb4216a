#include "chat/hub.h"

#include "ai/provider.h"
#include "auth/signin.h"
#include "chat/access.h"
#include "chat/announcements.h"
#include "chat/conversationhandler.h"
#include "chat/conversationviews.h"
#include "chat/generations.h"
#include "chat/memberhandler.h"
#include "chat/membership.h"
#include "chat/presence.h"
#include "chat/readmarkers.h"
#include "chat/roomrules.h"
#include "chat/typingrelay.h"
#include "log/categories.h"
#include "log/logevent.h"
#include "store/announcementstore.h"
#include "store/chatstore.h"
#include "store/database.h"
#include "store/groupcommit.h"
#include "store/privatefiles.h"
#include "store/revocationlog.h"
#include "store/signinfailurestore.h"
#include "store/userstore.h"
#include "store/walcheckpointer.h"

#include <QDir>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {
template<class... F> struct Overloaded : F...
{
    using F::operator()...;
};
template<class... F> Overloaded(F...) -> Overloaded<F...>;
} // namespace

Hub::Hub(HubConfig config, ModelRegistry models, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_models(std::move(models))
    , m_sendBudget(m_config.serverLimits.connections.sendBudgetBytes)
    , m_inbound(m_config.serverLimits.requests.maxQueuedPerUser)
{ }

Hub::~Hub()
{
    commitBatch(); // its acks go out while everything they need is still here
    // Runners reference the store: they go first.
    m_signIn.reset();
    m_announcements.reset();
    m_members.reset();
    m_conversations.reset();
    m_roomRules.reset();
    m_generations.reset();
}

bool Hub::open(QString* error)
{
    if (!privatefiles::makePrivateDirectory(m_config.dataDir, error))
        return false;
    m_db = std::make_unique<Database>();
    m_db->setLatencyHistogram(&m_metrics.databaseSeconds);
    const QString databasePath = QDir(m_config.dataDir).filePath(Database::fileName());
    if (!m_db->open(databasePath)) {
        *error = m_db->errorString();
        return false;
    }
    // Checkpoints on a thread of their own, never inside a message's commit.
    m_checkpointer = std::make_unique<WalCheckpointer>(databasePath);
    if (m_db->leaveCheckpointsToBackstop())
        m_checkpointer->start();
    m_batch = std::make_unique<GroupCommit>(*m_db);
    m_users = std::make_unique<UserStore>(*m_db);
    m_signInFailures = std::make_unique<SignInFailureStore>(*m_db);
    m_chats = std::make_unique<ChatStore>(*m_db);
    if (m_models.isEmpty()) {
        *error = u"No model is configured"_s;
        return false;
    }
    m_membership = std::make_unique<Membership>(m_chats->members());
    m_access = std::make_unique<Access>(*m_membership, *m_chats, m_fanout);
    m_presence = std::make_unique<Presence>(m_chats->members(), *m_membership, m_fanout);
    m_views = std::make_unique<ConversationViews>(*m_chats, *m_presence, m_fanout);
    m_readMarkers
        = std::make_unique<ReadMarkers>(m_chats->members(), *m_membership, *m_access, m_fanout);
    m_typing = std::make_unique<TypingRelay>(*m_membership, *m_access, m_fanout);
    m_generations = std::make_unique<Generations>(*m_chats, m_fanout, *m_membership, *m_access,
        m_models, m_config.serverLimits.generations, &m_sendBudget);
    m_generations->setMetrics(&m_metrics);
    m_roomRules = std::make_unique<RoomRules>(m_config.serverLimits.rooms, *m_chats, *m_membership);
    const ChatServices services { *m_chats, *m_users, m_fanout, *m_membership, *m_access, *m_views,
        *m_readMarkers, *m_generations, m_models, *m_roomRules, m_metrics, *m_batch };
    m_conversations = std::make_unique<ConversationHandler>(services);
    m_members = std::make_unique<MemberHandler>(services);

    SignInConfig signInConfig;
    signInConfig.serverInfo = m_config.serverInfo;
    signInConfig.limits = m_config.limits;
    signInConfig.tokenLifetimeSeconds = m_config.tokenLifetimeSeconds;
    signInConfig.tokenCheckIntervalMs = m_config.tokenCheckIntervalMs;
    signInConfig.passwordCost = m_config.passwordCost;
    signInConfig.throttle = m_config.serverLimits.signIn;
    m_revocations = std::make_unique<RevocationLog>(*m_db);
    m_signIn = std::make_unique<SignIn>(signInConfig, *m_users, *m_signInFailures, *m_revocations,
        m_fanout, m_offenders, m_metrics, [this] { return m_models.models(); });
    m_announcementStore = std::make_unique<AnnouncementStore>(*m_db);
    m_announcements = std::make_unique<Announcements>(*m_announcementStore, m_fanout);
    m_announcements->start();
    m_signIn->setAfterWelcome([this](quint64 sessionId) { m_announcements->sendTo(sessionId); });
    if (const int interrupted = m_generations->recoverInterrupted())
        qCInfo(lcChat, "marked %d unfinished replies as interrupted", interrupted);
    return true;
}

bool Hub::post(const SessionRef& session, const ClientMessage& message)
{
    QElapsedTimer sincePosted;
    sincePosted.start();
    return enqueue(
        session.sessionId, session.userId,
        [this, session, message, sincePosted] {
            handle(session, message);
            noteRequestTime(session, message, sincePosted);
        },
        true);
}

void Hub::noteRequestTime(
    const SessionRef& session, const ClientMessage& message, const QElapsedTimer& sincePosted)
{
    const qint64 nanos = sincePosted.nsecsElapsed();
    m_metrics.hubRequestSeconds.observe(double(nanos) / 1e9);
    const qint64 ms = nanos / 1000000;
    if (ms < slowRequestMs)
        return;
    LogEvent(lcChat(), QtWarningMsg,
        u"slow request: %1 from %2 took %3 ms (%4 waiting)"_s
            .arg(typeName(message),
                session.userName.isEmpty() ? session.address.toString() : session.userName)
            .arg(ms)
            .arg(m_inbound.waiting()))
        .field("request", typeName(message))
        .field("user", session.userName)
        .field("ms", ms);
}

bool Hub::enqueue(quint64 sessionId, const QString& userId, InboundQueue::Task task, bool bounded)
{
    const QString line = userId.isEmpty() ? u"session:"_s + QString::number(sessionId) : userId;
    switch (m_inbound.push(line, std::move(task), bounded)) {
    case InboundQueue::Push::Refused:
        return false;
    case InboundQueue::Push::Queued:
        return true;
    case InboundQueue::Push::QueuedAndIdle:
        QMetaObject::invokeMethod(this, &Hub::drainInbound, Qt::QueuedConnection);
        return true;
    }
    return true;
}

void Hub::drainInbound()
{
    // A bounded batch, then back to the event loop: replies, timers and the network go on while
    // a flood is worked through.
    constexpr int batch = 64;
    const bool more = m_inbound.drain(batch);
    // Who signed out in this drain is last seen in the same transaction as its sends.
    if (m_presence && m_presence->hasUnsavedLastSeen()) {
        m_batch->begin(); // when it cannot open, each write commits by itself
        m_presence->saveLastSeen();
    }
    // The sends of this drain went into one transaction: one commit, then their acks and events.
    commitBatch();
    if (more)
        QMetaObject::invokeMethod(this, &Hub::drainInbound, Qt::QueuedConnection);
}

void Hub::commitBatch()
{
    if (m_batch)
        m_batch->commit();
}

void Hub::sessionOnline(quint64 sessionId, const QString& userId, const QString& userName)
{
    // Not on SignIn's own announcement: a connection that closes while its sign-in is on its way
    // would never be reported as ended, and its user would stay online for good. The worker
    // reports both, in order, only for connections it actually signed in. In the user's line of
    // the inbound queue, so it comes before the requests that connection sends next.
    enqueue(
        sessionId, userId,
        [this, sessionId, userId, userName] {
            commitBatch();
            if (m_presence)
                m_presence->sessionSignedIn(sessionId, userId, userName);
        },
        false);
}

void Hub::sessionEnded(quint64 sessionId, const QString& userId)
{
    // After the connection's last requests: they are in the same line.
    enqueue(
        sessionId, userId,
        [this, sessionId] {
            commitBatch();
            m_fanout.sessionClosed(sessionId);
            if (m_signIn)
                m_signIn->forget(sessionId);
            if (m_presence)
                m_presence->sessionEnded(sessionId);
        },
        false);
}

void Hub::shutdown()
{
    commitBatch();
    if (m_generations)
        m_generations->interruptAll();
    if (m_presence)
        m_presence->recordAllOffline();
    commitBatch(); // recordAllOffline's writes may have joined an open batch
}

bool Hub::flush()
{
    if (!m_db)
        return true;
    commitBatch();
    if (m_checkpointer)
        m_checkpointer->stop(); // the last checkpoint is this one, and it truncates the WAL
    if (m_db->checkpoint())
        return true;
    LogEvent(lcStore(), QtCriticalMsg, u"could not flush the store: %1"_s.arg(m_db->errorString()));
    return false;
}

void Hub::handle(const SessionRef& session, const ClientMessage& message)
{
    if (!m_conversations) {
        m_fanout.fail(session.sessionId, requestId(message), ErrorCode::Internal,
            u"The server's store is not open"_s);
        return;
    }
    // Sends join the open batch; anything else answers after the batch is committed (and its
    // acks and events are out), as it would have without the batching.
    if (!std::holds_alternative<MessageSend>(message))
        commitBatch();
    const bool authenticated = !session.userId.isEmpty();
    std::visit(Overloaded {
                   [&](const Login& m) { m_signIn->login(session, m); },
                   [&](const Auth& m) { m_signIn->auth(session, m); },
                   [&](const Register& m) { m_signIn->registerUser(session, m); },
                   [&](const Ping& m) { m_fanout.reply(session.sessionId, Pong { m.id }); },
                   [&](const auto& m) {
                       // Sessions gate this already; the hub does not trust them blindly.
                       if (!authenticated) {
                           m_fanout.fail(session.sessionId, m.id, ErrorCode::Unauthorized,
                               u"Log in or authenticate first"_s);
                           return;
                       }
                       using T = std::decay_t<decltype(m)>;
                       if constexpr (std::is_same_v<T, ConversationsList>)
                           m_conversations->list(session, m);
                       else if constexpr (std::is_same_v<T, ConversationCreate>)
                           m_conversations->create(session, m);
                       else if constexpr (std::is_same_v<T, ConversationUpdate>)
                           m_conversations->update(session, m);
                       else if constexpr (std::is_same_v<T, ConversationDelete>)
                           m_conversations->remove(session, m);
                       else if constexpr (std::is_same_v<T, HistoryRequest>)
                           m_conversations->history(session, m);
                       else if constexpr (std::is_same_v<T, SyncRequest>)
                           m_conversations->sync(session, m);
                       else if constexpr (std::is_same_v<T, MessageSend>)
                           m_conversations->send(session, m);
                       else if constexpr (std::is_same_v<T, GenerationStop>)
                           m_generations->stop(session, m);
                       else if constexpr (std::is_same_v<T, GenerationResume>)
                           m_generations->resume(session, m);
                       else if constexpr (std::is_same_v<T, GenerationContinue>)
                           m_generations->continueGeneration(session, m);
                       else if constexpr (std::is_same_v<T, GenerationRetry>)
                           m_generations->retry(session, m);
                       else if constexpr (std::is_same_v<T, MemberInvite>)
                           m_members->invite(session, m);
                       else if constexpr (std::is_same_v<T, MemberRemove>)
                           m_members->remove(session, m);
                       else if constexpr (std::is_same_v<T, ConversationLeave>)
                           m_members->leave(session, m);
                       else if constexpr (std::is_same_v<T, TypingRequest>)
                           m_typing->typing(session, m);
                       else if constexpr (std::is_same_v<T, PresenceSet>)
                           m_presence->set(session, m);
                       else if constexpr (std::is_same_v<T, ReadRequest>)
                           m_readMarkers->read(session, m);
                       else
                           static_assert(
                               sizeof(T) == 0, "a client message the hub does not handle");
                   },
               },
        message);
}

} // namespace palaver::server
