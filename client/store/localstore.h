#pragma once

#include "protocol/messages.h"
#include "store/outboxentry.h"

#include <QString>

namespace palaver::client {

/// The client's durable memory for one server and user, in SQLite: the outbox (what the user sent
/// that is not acknowledged yet), the cached conversations, their stored events by seq and how far
/// each conversation is cached (lastSeq, what `sync` continues from). Every write returns false
/// on failure and `errorText()` says why, so the caller can tell the user.
class LocalStore
{
public:
    /// Opens (creating if needed) the database at `path`.
    explicit LocalStore(const QString& path);
    ~LocalStore();
    LocalStore(const LocalStore&) = delete;
    LocalStore& operator=(const LocalStore&) = delete;

    /// The database file for `serverUrl` and `username` inside `directory` (empty: the app data
    /// directory), one per server and user so accounts never mix.
    static QString pathFor(
        const QString& serverUrl, const QString& username, const QString& directory = {});

    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    /// The last failure, readable; empty when none.
    QString errorText() const { return m_error; }

    // ---- the account
    /// The user this file belongs to, as the last `welcome` said (id and display name): who
    /// "me" is when the app starts from the cache, before or without the server.
    std::optional<protocol::UserInfo> user() const;
    bool setUser(const protocol::UserInfo& user);

    // ---- outbox, in send order
    QList<OutboxEntry> outbox() const;
    /// Appends `entry` after every other one (its `order` is set).
    bool addOutbox(OutboxEntry& entry);
    bool updateOutbox(const OutboxEntry& entry);
    bool removeOutbox(const QString& clientMsgId);

    // ---- conversations
    QList<protocol::Conversation> conversations() const;
    /// Replaces the cached list; events of conversations no longer listed are dropped.
    bool setConversations(const QList<protocol::Conversation>& conversations);
    bool upsertConversation(const protocol::Conversation& conversation);
    bool removeConversation(const QString& convId);

    // ---- stored events and sync position
    /// Stores events by (convId, seq); one already stored is replaced, never duplicated.
    bool storeEvents(const QString& convId, const QList<protocol::Event>& events);
    /// The cached events of `convId` in seq order.
    QList<protocol::Event> events(const QString& convId) const;
    /// The seq up to which `convId` is cached without gaps (0: nothing, or an empty one).
    qint64 lastSeq(const QString& convId) const;
    /// Also marks `convId` as cached (even at seq 0: a conversation known to be empty).
    bool setLastSeq(const QString& convId, qint64 seq);
    /// Its newest events are cached (setLastSeq was called): `sync` continues from lastSeq.
    bool isCached(const QString& convId) const;
    /// Every cached conversation.
    QStringList cachedConversationIds() const;

private:
    bool exec(const QString& sql);
    /// Adds `column` to `table` when a file written by an older build lacks it.
    bool ensureColumn(const QString& table, const QString& column, const QString& definition);
    bool fail(const QString& what, const QString& why) const;

    QString m_path;
    QString m_connectionName;
    bool m_open = false;
    mutable QString m_error;
};

} // namespace palaver::client
