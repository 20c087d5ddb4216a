#pragma once

#include "protocol/messages.h"
#include "store/outboxentry.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <optional>

namespace palaver::client {

class Connection;
class LocalStore;

/// What the user sent that the server has not acknowledged yet. Each message is written to the
/// LocalStore before it is sent, goes out in order whenever the connection is online, and leaves
/// the outbox when its ack arrives (the server deduplicates by clientMsgId, so sending again after
/// a drop or a restart is harmless). While a reply streams in a conversation, new messages there
/// wait (Queued) and go when it ends: the prompt queue. A message the server refuses with
/// `rate_limited` is not a failure: it waits (Pending) for the retryAfterMs the server gave and
/// goes again with the same clientMsgId; until the outbox is empty again the messages then go one
/// at a time, each after the previous one's ack, so they keep their order.
class Outbox : public QObject
{
    Q_OBJECT

public:
    /// `connection` may be null (nothing is sent; entries stay pending).
    explicit Outbox(Connection* connection, QObject* parent = nullptr);

    /// Loads the entries kept in `store` (null: memory only). Entries added before are dropped.
    void setStore(LocalStore* store);
    QList<OutboxEntry> entries() const { return m_entries; }
    QList<OutboxEntry> entries(const QString& convId) const;
    std::optional<OutboxEntry> entry(const QString& clientMsgId) const;

    /// Writes the message, then sends it when it can (or queues it behind a streaming reply).
    /// Returns the entry; an entry that could not be stored still goes out (in memory only) and
    /// `errorOccurred` says so.
    /// `assistant`: ask the assistant to answer (rooms and DMs; kept across restarts).
    OutboxEntry add(const QString& convId, const QString& text, bool assistant = false);
    /// Changes the text of a pending, queued or failed message (not one already sent).
    bool edit(const QString& clientMsgId, const QString& text);
    /// Drops a pending, queued or failed message.
    bool remove(const QString& clientMsgId);
    /// Sends a failed message again.
    bool retry(const QString& clientMsgId);
    /// Sends a queued message now instead of after the streaming reply.
    bool sendNow(const QString& clientMsgId);

    /// A reply started (`streaming` true) or ended in `convId`; when the last one ends, the
    /// queued messages there go.
    void setStreaming(const QString& convId, const QString& genId, bool streaming);
    /// The server listed what streams in `convId` now (the end of a `sync`): anything else ended.
    /// A conversation held for this answer is released: its messages go, or wait (Queued)
    /// behind the replies still streaming.
    void resetStreaming(const QString& convId, const QSet<QString>& genIds);
    bool isStreaming(const QString& convId) const { return m_streaming.contains(convId); }
    /// After a (re)connect: what streamed while we were away is unknown, so the conversations
    /// with messages waiting hold them until their `sync` answers (resetStreaming) or fails
    /// (unhold). Returns those conversations: the caller asks `sync` for each.
    QStringList holdForSync();
    /// Sends the held messages of `convId` after all (its sync could not be had).
    void unhold(const QString& convId);
    bool isHeld(const QString& convId) const { return m_held.contains(convId); }
    /// Sends every pending message, in order, if online (not those of a held conversation).
    void flush();
    /// The connection dropped: what was in flight goes again on the next one.
    void connectionLost();

    /// The server asked to wait (rate_limited): nothing is sent until it has passed.
    bool isPaused() const { return m_resume.isActive(); }
    /// While paused: milliseconds until it sends again; else 0.
    int retryInMs() const { return m_resume.isActive() ? m_resume.remainingTime() : 0; }

    /// Returns true when `ack` / `error` was about one of our messages.
    bool handleAck(const protocol::Ack& ack);
    bool handleError(const protocol::Error& error);

Q_SIGNALS:
    /// An entry was added or changed (state, text or error).
    void entryChanged(const palaver::client::OutboxEntry& entry);
    /// The user removed an entry before it went.
    void entryRemoved(const QString& clientMsgId);
    /// The server has the message (stored at `seq`): it left the outbox.
    void acknowledged(const QString& clientMsgId, const QString& msgId, qint64 seq);
    /// The local store failed; readable.
    void errorOccurred(const QString& text);

private:
    int indexOf(const QString& clientMsgId) const;
    void update(int index, OutboxEntry::State state, const QString& error = {});
    void persist(const OutboxEntry& entry);
    /// Nothing streams in `convId` any more: its queued messages go.
    void release(const QString& convId);

    Connection* m_connection;
    LocalStore* m_store = nullptr;
    QList<OutboxEntry> m_entries;
    /// message.send request id → clientMsgId, for the error answers.
    QHash<QString, QString> m_requests;
    /// convId → genIds of replies streaming there.
    QHash<QString, QSet<QString>> m_streaming;
    /// Conversations whose messages wait for the sync after a (re)connect.
    QSet<QString> m_held;
    /// Runs while the server's retryAfterMs passes; its timeout sends again.
    QTimer m_resume;
    /// After a rate_limited: one message in flight at a time (in order) until the outbox empties.
    bool m_oneAtATime = false;
};

} // namespace palaver::client
