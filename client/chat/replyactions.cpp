#include "chat/replyactions.h"

#include "chat/messagelistmodel.h"

namespace palaver::client {

ReplyActions::ReplyActions(MessageListModel* messages, Sender send, QObject* parent)
    : QObject(parent)
    , m_messages(messages)
    , m_send(std::move(send))
{ }

QString ReplyActions::genIdFor(const QString& msgId, int role) const
{
    const int row = m_messages->rowOfMsgId(msgId);
    if (row < 0 || !m_messages->data(m_messages->index(row), role).toBool())
        return {};
    return m_messages->messageAt(row).genId;
}

void ReplyActions::continueReply(const QString& msgId)
{
    const QString genId = genIdFor(msgId, MessageListModel::CanContinueRole);
    if (genId.isEmpty()) {
        Q_EMIT errorOccurred(m_messages->isOnline()
                ? tr("This reply cannot be continued: it is complete or still being written.")
                : tr("Continuing a reply needs a connection to the server."));
        return;
    }
    m_continueRequestId = m_send(protocol::GenerationContinue { {}, genId });
}

void ReplyActions::retryReply(const QString& msgId)
{
    const QString genId = genIdFor(msgId, MessageListModel::CanRetryRole);
    if (genId.isEmpty()) {
        Q_EMIT errorOccurred(m_messages->isOnline()
                ? tr("This reply cannot be retried while it is being written.")
                : tr("Retrying a reply needs a connection to the server."));
        return;
    }
    m_retryRequestId = m_send(protocol::GenerationRetry { {}, genId });
}

bool ReplyActions::handleError(const protocol::Error& error)
{
    if (error.id.isEmpty())
        return false;
    if (error.id == m_continueRequestId) {
        m_continueRequestId.clear();
        Q_EMIT errorOccurred(tr("Could not continue the reply: %1").arg(error.message));
        return true;
    }
    if (error.id == m_retryRequestId) {
        m_retryRequestId.clear();
        Q_EMIT errorOccurred(tr("Could not retry the reply: %1").arg(error.message));
        return true;
    }
    return false;
}

void ReplyActions::clear()
{
    m_continueRequestId.clear();
    m_retryRequestId.clear();
}

} // namespace palaver::client
