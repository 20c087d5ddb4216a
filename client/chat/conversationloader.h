#pragma once

#include "chat/eventpage.h"
#include "protocol/messages.h"

#include <QObject>

#include <functional>

namespace palaver::client {

class MessageListModel;
class ReplyStreams;

/// Fills the open conversation's rows from pages of stored events and keeps them caught up: the
/// local cache at once, the server's `history` when nothing is cached (or again after a
/// reconnect), and `sync` pages merged into what is shown. It tells ReplyStreams which replies
/// still stream and has those it was following continue where they were (`generation.resume`).
class ConversationLoader : public QObject
{
    Q_OBJECT

public:
    /// Sends a request and returns its id (empty: not sent; the sender said why).
    using Sender = std::function<QString(const protocol::ClientMessage&)>;

    ConversationLoader(
        MessageListModel* messages, ReplyStreams* streams, Sender send, QObject* parent = nullptr);

    /// How a reply still streaming is signed (its model's display name).
    void setModelNames(EventPage::ModelNames modelName) { m_modelName = std::move(modelName); }
    /// Starts over with `convId` (empty: nothing open): no rows, no replies followed, no
    /// history awaited.
    void open(const QString& convId);
    /// Shows the cached events as stored: only the server knows which replies still stream,
    /// so nothing is resumed.
    void showCached(const QList<protocol::Event>& events);
    /// Asks for the newest page of the open conversation. `afterReconnect`: the connection
    /// dropped meanwhile, so the replies followed before ask for the deltas they missed.
    void requestHistory(bool afterReconnect = false);
    void handleHistory(const protocol::HistoryReply& reply);
    /// Merges a `sync` page of the open conversation by msgId (an event seen before changes
    /// nothing) and continues the replies it says still stream.
    void handleSync(const protocol::SyncReply& reply);
    /// True when `error` answers the history request (errorOccurred then says why).
    bool handleError(const protocol::Error& error);

Q_SIGNALS:
    void errorOccurred(const QString& text);

private:
    /// Builds the rows from a page of stored events; `fromCache`: shown as stored, nothing
    /// resumed.
    void applyPage(const QList<protocol::Event>& events, bool fromCache);

    MessageListModel* m_messages;
    ReplyStreams* m_streams;
    Sender m_send;
    QString m_convId;
    QString m_historyRequestId;
    /// The next history page follows a reconnect: replies followed before continue from there.
    bool m_resumeFollowed = false;
    EventPage::ModelNames m_modelName;
};

} // namespace palaver::client
