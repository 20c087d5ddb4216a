#include "chat/conversationhandler.h"

#include "ai/modelregistry.h"
#include "chat/generations.h"
#include "store/chatstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

ConversationHandler::ConversationHandler(
    ChatStore& store, Fanout& fanout, Generations& generations, const ModelRegistry& models)
    : m_store(store)
    , m_fanout(fanout)
    , m_generations(generations)
    , m_models(models)
{ }

bool ConversationHandler::knownModel(
    const SessionRef& session, const QString& requestId, const std::optional<QString>& model)
{
    // Empty means "the default", as when the field is left out.
    if (!model || model->isEmpty() || m_models.find(*model))
        return true;
    m_fanout.fail(session.sessionId, requestId, ErrorCode::BadRequest,
        u"Unknown model '%1'; this server offers: %2"_s.arg(*model, m_models.idList()));
    return false;
}

std::optional<Conversation> ConversationHandler::owned(
    const SessionRef& session, const QString& requestId, const QString& convId)
{
    std::optional<Conversation> conv = m_store.conversation(convId, session.userId);
    if (!conv)
        m_fanout.fail(
            session.sessionId, requestId, ErrorCode::NotFound, u"No conversation %1"_s.arg(convId));
    return conv;
}

void ConversationHandler::storeFailed(const SessionRef& session, const QString& requestId)
{
    m_fanout.fail(session.sessionId, requestId, ErrorCode::Internal,
        u"The server could not store that: %1"_s.arg(m_store.errorString()));
}

void ConversationHandler::list(const SessionRef& session, const ConversationsList& request)
{
    m_fanout.reply(session.sessionId,
        ConversationsReply { request.id, m_store.conversations(session.userId) });
}

void ConversationHandler::create(const SessionRef& session, const ConversationCreate& request)
{
    if (!knownModel(session, request.id, request.model))
        return;
    const QString model = request.model.value_or(QString()).isEmpty()
        ? m_models.defaultEntry().spec.id
        : *request.model;
    const std::optional<Conversation> conv
        = m_store.createConversation(session.userId, request.title.value_or(u"New conversation"_s),
            model, request.systemPrompt.value_or(QString()));
    if (!conv)
        return storeFailed(session, request.id);
    m_fanout.reply(session.sessionId, ConversationReply { request.id, *conv });
    m_fanout.toUser(session.userId, ConversationReply { QString(), *conv }, session.sessionId);
}

void ConversationHandler::update(const SessionRef& session, const ConversationUpdate& request)
{
    std::optional<Conversation> conv = owned(session, request.id, request.convId);
    if (!conv || !knownModel(session, request.id, request.model))
        return;
    conv->title = request.title.value_or(conv->title);
    if (request.model)
        conv->model = request.model->isEmpty() ? m_models.defaultEntry().spec.id : *request.model;
    conv->systemPrompt = request.systemPrompt.value_or(conv->systemPrompt);
    if (!m_store.updateConversation(*conv))
        return storeFailed(session, request.id);
    m_fanout.reply(session.sessionId, ConversationReply { request.id, *conv });
    m_fanout.toUser(session.userId, ConversationReply { QString(), *conv }, session.sessionId);
}

void ConversationHandler::remove(const SessionRef& session, const ConversationDelete& request)
{
    if (!owned(session, request.id, request.convId))
        return;
    m_generations.discardConversation(request.convId);
    if (!m_store.deleteConversation(request.convId))
        return storeFailed(session, request.id);
    m_fanout.reply(session.sessionId, Ok { request.id });
    m_fanout.toUser(session.userId, ConversationDeleted { request.convId }, session.sessionId);
}

void ConversationHandler::history(const SessionRef& session, const HistoryRequest& request)
{
    if (!owned(session, request.id, request.convId))
        return;
    const int limit = qBound(1, request.limit, field::maxHistoryLimit);
    const EventPage page = m_store.history(request.convId, request.beforeSeq, limit);
    m_fanout.reply(
        session.sessionId, HistoryReply { request.id, request.convId, page.events, page.hasMore });
}

void ConversationHandler::sync(const SessionRef& session, const SyncRequest& request)
{
    if (!owned(session, request.id, request.convId))
        return;
    const EventPage page = m_store.eventsAfter(request.convId, request.afterSeq, syncPageSize);
    m_fanout.reply(session.sessionId,
        SyncReply { request.id, request.convId, page.events, page.hasMore,
            m_generations.live(request.convId) });
}

void ConversationHandler::send(const SessionRef& session, const MessageSend& request)
{
    // A resend (after a reconnect, a crash, a retry) acknowledges the original and does nothing.
    if (const auto existing = m_store.findClientMessage(session.userId, request.clientMsgId)) {
        m_fanout.reply(session.sessionId,
            Ack { request.id, request.clientMsgId, existing->msgId, existing->seq, true });
        return;
    }
    const std::optional<Conversation> conv = owned(session, request.id, request.convId);
    if (!conv)
        return;
    const std::optional<MessageEvent> event = m_store.addUserMessage(request.convId,
        Author { AuthorKind::User, session.userId, session.userName }, request.clientMsgId,
        request.text);
    if (!event)
        return storeFailed(session, request.id);
    m_fanout.reply(session.sessionId,
        Ack { request.id, request.clientMsgId, event->message.msgId, event->seq, false });
    m_fanout.toUser(session.userId, *event);
    m_generations.start(session.userId, *conv);
}

} // namespace palaver::server
