#include "rooms/readmarkers.h"

#include "chat/conversationlistmodel.h"

namespace palaver::client {

ReadMarkers::ReadMarkers(ConversationListModel* conversations, Sender send, QObject* parent)
    : QObject(parent)
    , m_conversations(conversations)
    , m_send(std::move(send))
{ }

QString ReadMarkers::inFront() const
{
    return m_windowActive ? m_open : QString();
}

void ReadMarkers::setOpen(const QString& convId)
{
    m_open = convId;
    if (m_conversations)
        m_conversations->setInFront(inFront());
    catchUp();
}

void ReadMarkers::setWindowActive(bool active)
{
    m_windowActive = active;
    if (m_conversations)
        m_conversations->setInFront(inFront());
    catchUp();
}

void ReadMarkers::catchUp()
{
    const QString convId = inFront();
    if (convId.isEmpty() || !m_conversations)
        return;
    const auto conversation = m_conversations->conversation(convId);
    if (!conversation)
        return;
    const qint64 seq = conversation->lastSeq;
    // Locally at once (the badge clears), then the server; never the same seq twice.
    const bool moved = m_conversations->markRead(convId, seq);
    if (!moved || m_sent.value(convId, -1) == seq)
        return;
    protocol::ReadRequest request;
    request.convId = convId;
    request.seq = seq;
    if (!m_send(request).isEmpty())
        m_sent.insert(convId, seq);
}

} // namespace palaver::client
