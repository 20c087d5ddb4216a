#pragma once

#include "protocol/messages.h"

#include <QObject>
#include <functional>

namespace palaver::client {

class MessageListModel;

/// Continue and Retry of an ended reply: checks that the row offers it, asks the server
/// (generation.continue / generation.retry with the row's genId) and turns a refusal into a
/// readable error. The new reply then streams in like any other.
class ReplyActions : public QObject
{
    Q_OBJECT

public:
    /// Sends a request and returns its id (empty: not sent; the sender said why).
    using Sender = std::function<QString(const protocol::ClientMessage&)>;

    ReplyActions(MessageListModel* messages, Sender send, QObject* parent = nullptr);

    void continueReply(const QString& msgId);
    void retryReply(const QString& msgId);
    /// True when `error` answers one of our requests (errorOccurred then says why).
    bool handleError(const protocol::Error& error);
    /// Forgets the requests in flight (another conversation opened).
    void clear();

Q_SIGNALS:
    void errorOccurred(const QString& text);

private:
    /// The genId of the reply in the row of `msgId` when the row offers `role`, else empty.
    QString genIdFor(const QString& msgId, int role) const;

    MessageListModel* m_messages;
    Sender m_send;
    QString m_continueRequestId;
    QString m_retryRequestId;
};

} // namespace palaver::client
