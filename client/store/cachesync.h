#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QObject>

namespace palaver::client {

class Connection;
class LocalStore;

/// Keeps the LocalStore in step with the server: caches the conversation list and every stored
/// event that arrives (live, history, sync), tracks per conversation the seq up to which the cache
/// has no gap, and after each sign-in asks `sync` from there for every cached conversation
/// (paging while `hasMore`; a sync refused with `rate_limited` is asked again after the server's
/// wait). The chat merges what the answers bring; this class only stores.
class CacheSync : public QObject
{
    Q_OBJECT

public:
    explicit CacheSync(Connection* connection, QObject* parent = nullptr);

    void setStore(LocalStore* store);
    /// Asks `sync` for every cached conversation (after a sign-in).
    void syncAll();
    /// Asks `sync` for `convId` from its cached seq (if online and not asked already); with no
    /// store, from the start (the outbox may wait for the answer).
    void sync(const QString& convId);
    /// Caches what `message` carries; call it before the chat sees the message.
    void handleServerMessage(const protocol::ServerMessage& message);
    /// The connection dropped: answers to the requests in flight will not come.
    void connectionLost() { m_requests.clear(); }

Q_SIGNALS:
    /// A sync request or the cache failed; readable.
    void errorOccurred(const QString& text);
    /// The server refused the sync of `convId`.
    void syncFailed(const QString& convId);

private:
    void requestSync(const QString& convId, qint64 afterSeq);
    void storeLive(const QString& convId, const protocol::Event& event);
    void onSync(const protocol::SyncReply& reply);
    void report(bool ok);

    Connection* m_connection;
    LocalStore* m_store = nullptr;
    /// sync request id → convId
    QHash<QString, QString> m_requests;
};

} // namespace palaver::client
