#include "store/cachesync.h"

#include "net/connection.h"
#include "store/localstore.h"

#include <QTimer>

#include <algorithm>

namespace palaver::client {

namespace {
/// How long a rate-limited sync waits at most, whatever the server says; and when it says nothing.
constexpr qint64 kMaxRetryMs = 60'000;
constexpr qint64 kDefaultRetryMs = 1'000;

qint64 maxSeq(const QList<protocol::Event>& events)
{
    qint64 seq = 0;
    for (const auto& event : events)
        seq = std::max(seq, protocol::seqOf(event));
    return seq;
}
} // namespace

CacheSync::CacheSync(Connection* connection, QObject* parent)
    : QObject(parent)
    , m_connection(connection)
{ }

void CacheSync::setStore(LocalStore* store)
{
    m_store = store;
    m_requests.clear();
}

void CacheSync::syncAll()
{
    if (!m_store)
        return;
    for (const QString& convId : m_store->cachedConversationIds())
        sync(convId);
}

void CacheSync::sync(const QString& convId)
{
    if (!m_connection || !m_connection->isOnline())
        return; // the next sign-in syncs every cached conversation
    for (const QString& pending : std::as_const(m_requests)) {
        if (pending == convId)
            return;
    }
    requestSync(convId, m_store ? m_store->lastSeq(convId) : 0);
}

void CacheSync::requestSync(const QString& convId, qint64 afterSeq)
{
    const QString id = m_connection->send(protocol::SyncRequest { {}, convId, afterSeq });
    if (!id.isEmpty())
        m_requests.insert(id, convId);
}

void CacheSync::report(bool ok)
{
    if (!ok)
        Q_EMIT errorOccurred(tr("The local cache failed: %1").arg(m_store->errorText()));
}

void CacheSync::storeLive(const QString& convId, const protocol::Event& event)
{
    // Never cached (never opened): its history comes with the first `history` page instead.
    if (!m_store->isCached(convId))
        return;
    const qint64 last = m_store->lastSeq(convId);
    report(m_store->storeEvents(convId, { event }));
    // Only a gapless cache moves lastSeq; after a gap the next sync fills in from there.
    if (protocol::seqOf(event) == last + 1)
        report(m_store->setLastSeq(convId, last + 1));
}

void CacheSync::handleServerMessage(const protocol::ServerMessage& message)
{
    if (const auto* error = std::get_if<protocol::Error>(&message)) {
        const QString convId = m_requests.take(error->id);
        if (!convId.isEmpty() && error->code == protocol::ErrorCode::RateLimited) {
            // A background catch-up (every cached conversation at each sign-in) the server
            // wants spread out: asked again after its wait, and nothing to tell the user.
            const qint64 wait
                = std::clamp(error->retryAfterMs.value_or(kDefaultRetryMs), qint64(0), kMaxRetryMs);
            QTimer::singleShot(int(wait), this, [this, convId] { sync(convId); });
            return;
        }
        if (!convId.isEmpty()) {
            Q_EMIT errorOccurred(
                tr("Could not catch up on a conversation: %1").arg(error->message));
            Q_EMIT syncFailed(convId);
        }
        return;
    }
    if (!m_store) {
        if (const auto* sync = std::get_if<protocol::SyncReply>(&message)) {
            // Nothing to cache; the pages still go on, so the last one says what streams.
            if (m_requests.remove(sync->id) && sync->hasMore && !sync->events.isEmpty())
                requestSync(sync->convId, maxSeq(sync->events));
        }
        return;
    }
    if (const auto* list = std::get_if<protocol::ConversationsReply>(&message)) {
        report(m_store->setConversations(list->items));
    } else if (const auto* one = std::get_if<protocol::ConversationReply>(&message)) {
        report(m_store->upsertConversation(one->conversation));
    } else if (const auto* gone = std::get_if<protocol::ConversationDeleted>(&message)) {
        report(m_store->removeConversation(gone->convId));
    } else if (const auto* m = std::get_if<protocol::MessageEvent>(&message)) {
        storeLive(m->convId, *m);
    } else if (const auto* start = std::get_if<protocol::GenerationStart>(&message)) {
        storeLive(start->convId, *start);
    } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&message)) {
        storeLive(end->convId, *end);
    } else if (const auto* history = std::get_if<protocol::HistoryReply>(&message)) {
        report(m_store->storeEvents(history->convId, history->events));
        // The newest page: from here on the cache is gapless (older pages may come later).
        // An empty page still counts: the conversation is known to be empty.
        const qint64 top = maxSeq(history->events);
        if (top > m_store->lastSeq(history->convId) || !m_store->isCached(history->convId))
            report(m_store->setLastSeq(history->convId, top));
    } else if (const auto* sync = std::get_if<protocol::SyncReply>(&message)) {
        onSync(*sync);
    }
}

void CacheSync::onSync(const protocol::SyncReply& reply)
{
    m_requests.remove(reply.id);
    report(m_store->storeEvents(reply.convId, reply.events));
    const qint64 last = std::max(m_store->lastSeq(reply.convId), maxSeq(reply.events));
    report(m_store->setLastSeq(reply.convId, last));
    if (reply.hasMore && !reply.events.isEmpty())
        sync(reply.convId);
}

} // namespace palaver::client
