#include "rooms/roomactions.h"

#include "chat/conversationlistmodel.h"
#include "store/localstore.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

RoomActions::RoomActions(ConversationListModel* conversations, Sender send, QObject* parent)
    : QObject(parent)
    , m_conversations(conversations)
    , m_send(std::move(send))
{ }

bool RoomActions::needsOpen(const QString& what, const QString& convId)
{
    if (!convId.isEmpty())
        return false;
    Q_EMIT failed(what, tr("Open a room first."));
    return true;
}

void RoomActions::succeed(const QString& what, const QString& convId)
{
    if (what == u"leave"_s) {
        // Nothing more comes from there to this session (its other sessions are told).
        if (m_store && !m_store->removeConversation(convId))
            qWarning("palaver: %s", qPrintable(m_store->errorText()));
        if (m_conversations)
            m_conversations->removeById(convId);
    }
    Q_EMIT succeeded(what, convId);
}

void RoomActions::start(const protocol::ClientMessage& message, const Pending& pending)
{
    const QString id = m_send(message);
    if (id.isEmpty()) {
        Q_EMIT failed(pending.what, pending.failure.arg(tr("you are offline")));
        return;
    }
    m_pending.insert(id, pending);
}

void RoomActions::createRoom(const QString& title, const QStringList& usernames)
{
    protocol::ConversationCreate create;
    create.kind = protocol::ConversationKind::Room;
    if (!title.trimmed().isEmpty())
        create.title = title.trimmed();
    for (const QString& name : usernames) {
        const QString trimmed = name.trimmed();
        if (!trimmed.isEmpty() && !create.members.contains(trimmed, Qt::CaseInsensitive))
            create.members.append(trimmed);
    }
    start(create, { u"createRoom"_s, {}, tr("Could not create the room: %1") });
}

void RoomActions::openDirectMessage(const QString& username)
{
    const QString name = username.trimmed();
    if (name.isEmpty()) {
        Q_EMIT failed(u"openDirectMessage"_s, tr("Enter the name of the person to write to."));
        return;
    }
    const QString existing = m_conversations ? m_conversations->directMessageWith(name) : QString();
    if (!existing.isEmpty()) {
        Q_EMIT succeeded(u"openDirectMessage"_s, existing);
        return;
    }
    protocol::ConversationCreate create;
    create.kind = protocol::ConversationKind::Dm;
    create.members = { name };
    start(create,
        { u"openDirectMessage"_s, {},
            tr("Could not open a conversation with %1: %2").arg(name, u"%1"_s) });
}

void RoomActions::invite(const QString& convId, const QString& username)
{
    if (needsOpen(u"invite"_s, convId))
        return;
    const QString name = username.trimmed();
    if (name.isEmpty()) {
        Q_EMIT failed(u"invite"_s, tr("Enter the name of the person to invite."));
        return;
    }
    start(protocol::MemberInvite { {}, convId, name },
        { u"invite"_s, convId, tr("Could not invite %1: %2").arg(name, u"%1"_s) });
}

void RoomActions::removeMember(const QString& convId, const QString& userId)
{
    if (needsOpen(u"remove"_s, convId))
        return;
    start(protocol::MemberRemove { {}, convId, userId },
        { u"remove"_s, convId, tr("Could not remove them: %1") });
}

void RoomActions::leave(const QString& convId)
{
    if (needsOpen(u"leave"_s, convId))
        return;
    start(protocol::ConversationLeave { {}, convId },
        { u"leave"_s, convId, tr("Could not leave: %1") });
}

bool RoomActions::handleServerMessage(const protocol::ServerMessage& message)
{
    if (const auto* reply = std::get_if<protocol::ConversationReply>(&message)) {
        if (reply->id.isEmpty() || !m_pending.contains(reply->id))
            return false;
        const Pending pending = m_pending.take(reply->id);
        succeed(
            pending.what, pending.convId.isEmpty() ? reply->conversation.convId : pending.convId);
        return true;
    }
    if (const auto* ok = std::get_if<protocol::Ok>(&message)) {
        if (ok->id.isEmpty() || !m_pending.contains(ok->id))
            return false;
        const Pending pending = m_pending.take(ok->id);
        succeed(pending.what, pending.convId);
        return true;
    }
    if (const auto* error = std::get_if<protocol::Error>(&message)) {
        if (error->id.isEmpty() || !m_pending.contains(error->id))
            return false;
        const Pending pending = m_pending.take(error->id);
        Q_EMIT failed(pending.what, pending.failure.arg(error->message));
        return true;
    }
    return false;
}

void RoomActions::connectionLost()
{
    const auto pending = std::exchange(m_pending, {});
    for (const auto& p : pending)
        Q_EMIT failed(p.what, p.failure.arg(tr("the connection was lost")));
}

} // namespace palaver::client
