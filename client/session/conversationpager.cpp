#include "session/conversationpager.h"

#include <algorithm>

namespace palaver::client {

namespace {
/// How long a refused page waits at most, whatever the server says (and when it says nothing).
constexpr qint64 kMaxRetryMs = 60'000;
constexpr qint64 kDefaultRetryMs = 1'000;
} // namespace

ConversationPager::ConversationPager(Send send, QObject* parent)
    : QObject(parent)
    , m_send(std::move(send))
{
    m_retry.setSingleShot(true);
    m_retry.setTimerType(Qt::PreciseTimer); // a coarse one may add 5 %: over the 60 s bound
    connect(&m_retry, &QTimer::timeout, this, [this] { requestPage(); });
}

bool ConversationPager::start()
{
    cancel();
    return requestPage();
}

void ConversationPager::cancel()
{
    m_retry.stop();
    m_requestId.clear();
    m_cursor.clear();
    m_cursorsSeen.clear();
    m_items.clear();
    m_indexOf.clear();
    m_pages = 0;
}

bool ConversationPager::requestPage()
{
    protocol::ConversationsList request;
    request.limit = kPageSize;
    if (!m_cursor.isEmpty())
        request.cursor = m_cursor;
    m_requestId = m_send(request);
    return !m_requestId.isEmpty();
}

std::optional<protocol::ConversationsReply> ConversationPager::handle(
    const protocol::ConversationsReply& page)
{
    if (m_requestId.isEmpty() || page.id != m_requestId)
        return page;
    ++m_pages;
    for (const auto& conversation : page.items) {
        const auto known = m_indexOf.constFind(conversation.convId);
        if (known != m_indexOf.cend()) {
            m_items[*known] = conversation;
        } else {
            m_indexOf.insert(conversation.convId, m_items.size());
            m_items.append(conversation);
        }
    }
    const bool more = page.hasMore && !page.nextCursor.isEmpty();
    if (more && m_pages < kMaxPages && !m_cursorsSeen.contains(page.nextCursor)) {
        m_cursorsSeen.insert(page.nextCursor);
        m_cursor = page.nextCursor;
        if (requestPage())
            return std::nullopt;
        // Offline between two pages: what came is not the whole list, so nothing is decided.
        cancel();
        return std::nullopt;
    }
    if (more) {
        qWarning("palaver: the server's conversation list did not end after %d pages; using "
                 "what came",
            m_pages);
    }
    protocol::ConversationsReply whole { page.id, std::exchange(m_items, {}), false, {} };
    cancel();
    return whole;
}

bool ConversationPager::handleError(const protocol::Error& error, QString* failure)
{
    if (m_requestId.isEmpty() || error.id != m_requestId)
        return false;
    m_requestId.clear();
    if (error.code == protocol::ErrorCode::RateLimited) {
        m_retry.start(
            int(std::clamp(error.retryAfterMs.value_or(kDefaultRetryMs), qint64(0), kMaxRetryMs)));
        return true;
    }
    cancel();
    if (failure)
        *failure = error.message;
    return true;
}

} // namespace palaver::client
