#include "chat/conversationhandler.h"

#include "metrics/servermetrics.h"

#include "ai/modelregistry.h"
#include "chat/access.h"
#include "chat/conversationviews.h"
#include "chat/generations.h"
#include "chat/membership.h"
#include "chat/mentions.h"
#include "chat/readmarkers.h"
#include "metrics/servermetrics.h"
#include "store/chatstore.h"
#include "store/groupcommit.h"
#include "store/userstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {
QStringList idsOf(const QList<RoomRules::Person>& people)
{
    QStringList ids;
    for (const RoomRules::Person& person : people)
        ids.append(person.id);
    return ids;
}
} // namespace

ConversationHandler::ConversationHandler(const ChatServices& services)
    : m_services(services)
{ }

bool ConversationHandler::knownModel(
    const SessionRef& session, const QString& requestId, const std::optional<QString>& model)
{
    // Empty means "the default", as when the field is left out.
    if (!model || model->isEmpty() || m_services.models.find(*model))
        return true;
    m_services.fanout.fail(session.sessionId, requestId, ErrorCode::BadRequest,
        u"Unknown model '%1'; this server offers: %2"_s.arg(*model, m_services.models.idList()));
    return false;
}

void ConversationHandler::storeFailed(const SessionRef& session, const QString& requestId)
{
    m_services.fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
        u"The server could not store that: %1"_s.arg(m_services.store.errorString()));
}

std::optional<QList<RoomRules::Person>> ConversationHandler::resolveUsers(
    const SessionRef& session, const QString& requestId, const QStringList& usernames)
{
    QList<RoomRules::Person> people;
    QStringList ids;
    for (const QString& name : usernames) {
        const std::optional<StoredUser> user = m_services.users.findByName(name);
        if (!user || user->disabled) {
            m_services.fanout.fail(
                session.sessionId, requestId, ErrorCode::NotFound, u"No user %1"_s.arg(name));
            return std::nullopt;
        }
        if (user->id != session.userId && !ids.contains(user->id)) {
            ids.append(user->id);
            people.append(RoomRules::Person { user->id, user->name });
        }
    }
    return people;
}

bool ConversationHandler::mayCreate(const SessionRef& session, const QString& requestId,
    ConversationKind kind, const QList<RoomRules::Person>& others)
{
    const std::optional<RoomRules::Refusal> refusal
        = m_services.roomRules.refuseCreate(session.userId, kind, others);
    if (!refusal)
        return true;
    m_services.fanout.fail(session.sessionId, requestId, refusal->code, refusal->message);
    return false;
}

void ConversationHandler::list(const SessionRef& session, const ConversationsList& request)
{
    const int limit = qBound(
        1, request.limit.value_or(field::defaultConversationPage), field::maxConversationPage);
    ConversationsReply reply
        = m_services.views.listFor(session.userId, request.cursor.value_or(QString()), limit);
    reply.id = request.id;
    m_services.fanout.reply(session.sessionId, reply);
}

void ConversationHandler::create(const SessionRef& session, const ConversationCreate& request)
{
    if (!knownModel(session, request.id, request.model))
        return;
    NewConversation spec;
    spec.kind = request.kind;
    spec.creatorId = session.userId;
    spec.model = request.model.value_or(QString()).isEmpty()
        ? m_services.models.defaultEntry().spec.id
        : *request.model;
    spec.systemPrompt = request.systemPrompt.value_or(QString());
    switch (request.kind) {
    case ConversationKind::Ai:
        if (!request.members.isEmpty()) {
            m_services.fanout.fail(session.sessionId, request.id, ErrorCode::BadRequest,
                u"A private AI chat has no members; create a room instead"_s);
            return;
        }
        if (!mayCreate(session, request.id, request.kind, {}))
            return;
        spec.title = request.title.value_or(u"New conversation"_s);
        break;
    case ConversationKind::Room: {
        const std::optional<QList<RoomRules::Person>> others
            = resolveUsers(session, request.id, request.members);
        if (!others || !mayCreate(session, request.id, request.kind, *others))
            return;
        spec.memberIds = idsOf(*others);
        spec.title = request.title.value_or(u"New room"_s);
        break;
    }
    case ConversationKind::Dm: {
        const auto refuse = [&] {
            m_services.fanout.fail(session.sessionId, request.id, ErrorCode::BadRequest,
                u"A direct message is with exactly one other person: name them in members"_s);
        };
        if (request.members.size() != 1 || request.members.first() == session.userName)
            return refuse();
        const std::optional<QList<RoomRules::Person>> other
            = resolveUsers(session, request.id, request.members);
        if (!other)
            return;
        if (other->isEmpty())
            return refuse();
        // Two people have one DM: asking again opens the one they have.
        if (const QString existing
            = m_services.store.members().findDm(session.userId, other->first().id);
            !existing.isEmpty()) {
            if (const auto view = m_services.views.viewFor(existing, session.userId))
                m_services.fanout.reply(session.sessionId, ConversationReply { request.id, *view });
            return;
        }
        if (!mayCreate(session, request.id, request.kind, *other))
            return;
        spec.creatorRole = MemberRole::Member; // nobody owns a DM
        spec.memberIds = idsOf(*other);
        break; // stored without a title: clients show the other person's name
    }
    }
    const std::optional<Conversation> conv = m_services.store.createConversation(spec);
    if (!conv)
        return storeFailed(session, request.id);
    announceCreated(session, request.id, conv->convId);
}

void ConversationHandler::announceCreated(
    const SessionRef& session, const QString& requestId, const QString& convId)
{
    m_services.membership.forget(convId);
    if (const auto view = m_services.views.viewFor(convId, session.userId))
        m_services.fanout.reply(session.sessionId, ConversationReply { requestId, *view });
    m_services.views.push(convId, m_services.membership.userIds(convId), session.sessionId);
}

void ConversationHandler::update(const SessionRef& session, const ConversationUpdate& request)
{
    if (!m_services.access.check(session, request.id, request.convId, Access::Action::Update)
        || !knownModel(session, request.id, request.model))
        return;
    std::optional<Conversation> conv = m_services.store.conversationById(request.convId);
    if (!conv)
        return m_services.access.conversationNotFound(session, request.id, request.convId);
    conv->title = request.title.value_or(conv->title);
    if (request.model) {
        conv->model
            = request.model->isEmpty() ? m_services.models.defaultEntry().spec.id : *request.model;
    }
    conv->systemPrompt = request.systemPrompt.value_or(conv->systemPrompt);
    if (!m_services.store.updateConversation(*conv))
        return storeFailed(session, request.id);
    if (const auto view = m_services.views.viewFor(request.convId, session.userId))
        m_services.fanout.reply(session.sessionId, ConversationReply { request.id, *view });
    m_services.views.push(
        request.convId, m_services.membership.userIds(request.convId), session.sessionId);
}

void ConversationHandler::remove(const SessionRef& session, const ConversationDelete& request)
{
    if (!m_services.access.check(session, request.id, request.convId, Access::Action::Delete))
        return;
    const QStringList members = m_services.membership.userIds(request.convId);
    m_services.generations.discardConversation(request.convId);
    if (!m_services.store.deleteConversation(request.convId))
        return storeFailed(session, request.id);
    m_services.membership.forget(request.convId);
    m_services.fanout.reply(session.sessionId, Ok { request.id });
    m_services.fanout.toUsers(
        members, ConversationDeleted { request.convId, RemovalReason::Deleted }, session.sessionId);
}

void ConversationHandler::history(const SessionRef& session, const HistoryRequest& request)
{
    if (!m_services.access.check(session, request.id, request.convId))
        return;
    const int limit = qBound(1, request.limit, field::maxHistoryLimit);
    const EventPage page = m_services.store.history(request.convId, request.beforeSeq, limit);
    m_services.fanout.reply(
        session.sessionId, HistoryReply { request.id, request.convId, page.events, page.hasMore });
}

void ConversationHandler::sync(const SessionRef& session, const SyncRequest& request)
{
    if (!m_services.access.check(session, request.id, request.convId))
        return;
    const EventPage page
        = m_services.store.eventsAfter(request.convId, request.afterSeq, syncPageSize);
    m_services.fanout.reply(session.sessionId,
        SyncReply { request.id, request.convId, page.events, page.hasMore,
            m_services.generations.live(request.convId) });
}

void ConversationHandler::send(const SessionRef& session, const MessageSend& request)
{
    GroupCommit& batch = m_services.batch;
    // A resend (after a reconnect, a crash, a retry) acknowledges the original and does nothing;
    // after the commit, as the original's ack: the original may be in the open batch.
    if (const auto existing
        = m_services.store.findClientMessage(session.userId, request.clientMsgId)) {
        batch.afterCommit(
            [this, session, request, existing] {
                m_services.fanout.reply(session.sessionId,
                    Ack { request.id, request.clientMsgId, existing->msgId, existing->seq, true });
            },
            [this, session, id = request.id](const QString&) { storeFailed(session, id); });
        return;
    }
    const std::optional<Access::Seat> seat
        = m_services.access.check(session, request.id, request.convId);
    if (!seat)
        return;
    if (!batch.begin())
        return storeFailed(session, request.id);
    const std::optional<MessageEvent> event = m_services.store.addUserMessage(request.convId,
        Author { AuthorKind::User, session.userId, session.userName }, request.clientMsgId,
        request.text);
    if (!event)
        return storeFailed(session, request.id);
    // Whoever writes has read everything up to their own message: stored with it.
    const std::optional<qint64> readTo
        = m_services.store.members().advanceRead(request.convId, session.userId, event->seq);
    // Nothing is acknowledged or delivered before it is committed: a crash before the commit
    // loses a message nobody was told about, and the client sends it again.
    batch.afterCommit(
        [this, session, request, event, readTo] {
            m_services.metrics.messagesStored.add();
            m_services.fanout.reply(session.sessionId,
                Ack { request.id, request.clientMsgId, event->message.msgId, event->seq, false });
            m_services.fanout.toUsers(m_services.membership.userIds(request.convId), *event);
            if (readTo)
                m_services.readMarkers.wrote(request.convId, session.userId, *readTo);
        },
        [this, session, id = request.id](const QString&) { storeFailed(session, id); });
    const bool addressed = seat->kind == ConversationKind::Ai || request.assistant
        || mentions::addressesAssistant(request.text);
    if (!addressed)
        return;
    // The reply's generation.start follows the message: both committed and delivered first.
    if (!batch.commit())
        return;
    if (const std::optional<Conversation> conv = m_services.store.conversationById(request.convId))
        m_services.generations.start(session.userId, *conv);
}

} // namespace palaver::server
