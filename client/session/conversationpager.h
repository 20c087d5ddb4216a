#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace palaver::client {

/// Fetches the whole `conversations.list`, page after page (200 at a time, following nextCursor
/// until hasMore is false), and hands it on only when it is complete: whatever decides that a
/// conversation missing from the list is gone (the list, the cache, the open chat) must never see
/// one page as if it were everything. A page refused with `rate_limited` is asked again after
/// retryAfterMs. Bounded: at most kMaxPages pages, and a cursor the server repeats ends it.
class ConversationPager : public QObject
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 200;
    static constexpr int kMaxPages = 1000;
    /// Sends a request; returns its id, empty when offline.
    using Send = std::function<QString(const protocol::ClientMessage&)>;

    explicit ConversationPager(Send send, QObject* parent = nullptr);

    /// Asks for the first page (a list already coming is dropped). False when offline.
    bool start();
    /// The connection dropped: the list in progress is abandoned (the next welcome starts over).
    void cancel();
    bool isLoading() const { return !m_requestId.isEmpty() || m_retry.isActive(); }
    /// A reply to one of our pages: nullopt while more are coming (the next is asked for), the
    /// whole list (one reply, hasMore false) after the last. Replies we did not ask for are
    /// returned as they are.
    std::optional<protocol::ConversationsReply> handle(const protocol::ConversationsReply& page);
    /// True when `error` answered one of our pages. A `rate_limited` one is asked again later;
    /// any other ends the list and is returned in `failure` for the user to read.
    bool handleError(const protocol::Error& error, QString* failure);

private:
    bool requestPage();

    Send m_send;
    QString m_requestId;
    QString m_cursor;
    QSet<QString> m_cursorsSeen;
    QList<protocol::Conversation> m_items;
    QHash<QString, qsizetype> m_indexOf; // convId → index in m_items (a page may repeat one)
    int m_pages = 0;
    QTimer m_retry;
};

} // namespace palaver::client
