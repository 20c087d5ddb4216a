#include "chat/generations.h"

#include "ai/modelregistry.h"
#include "ai/promptbudget.h"
#include "ai/provider.h"
#include "chat/access.h"
#include "chat/generationrunner.h"
#include "chat/membership.h"
#include "chat/promptbuilder.h"
#include "store/chatstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

Generations::Generations(ChatStore& store, Fanout& fanout, Membership& membership, Access& access,
    const ModelRegistry& models, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
    , m_membership(membership)
    , m_access(access)
    , m_models(models)
{ }

int Generations::recoverInterrupted()
{
    int count = 0;
    for (const GenerationRecord& record : m_store.unfinishedGenerations()) {
        if (m_running.contains(record.genId))
            continue;
        if (m_store.endGeneration(record.genId, FinishReason::Interrupted, record.text,
                record.deltaSeq, std::nullopt, std::nullopt))
            ++count;
    }
    return count;
}

void Generations::start(const QString& requesterId, const Conversation& conversation)
{
    launch(requesterId, conversation, m_store.promptMessages(conversation.convId), false);
}

void Generations::launch(const QString& requesterId, const Conversation& conversation,
    const QList<ChatMessage>& messages, bool continuation)
{
    const ModelRegistry::Entry& model = m_models.resolve(conversation.model);
    const std::optional<GenerationStart> started = m_store.startGeneration(conversation.convId,
        Author { AuthorKind::Assistant, model.spec.id, model.spec.name }, model.spec.id);
    if (!started) {
        m_fanout.toUser(requesterId,
            Error { QString(), ErrorCode::Internal,
                u"The reply could not be started: %1"_s.arg(m_store.errorString()), std::nullopt });
        return;
    }
    m_fanout.toUsers(m_membership.userIds(conversation.convId), *started);

    CompletionRequest request;
    // The upstream id; the provider falls back to its own configured one when this is empty.
    request.model = model.spec.llm.model;
    // In a room or a DM several people talk: each user turn says who wrote it.
    const auto speakers = conversation.kind == ConversationKind::Ai
        ? promptbuilder::Speakers::Unnamed
        : promptbuilder::Speakers::Named;
    request.turns = promptbudget::fit(
        promptbuilder::turns(conversation.systemPrompt, messages, continuation, speakers),
        model.spec.contextTokens);

    auto* runner = new GenerationRunner(m_store, m_fanout, m_membership, *started, this);
    m_running.insert(started->genId, runner);
    connect(runner, &GenerationRunner::ended, this, [this](const QString& genId) {
        if (GenerationRunner* done = m_running.take(genId))
            done->deleteLater();
        Q_EMIT generationEnded(genId);
    });
    runner->run(*model.provider, request);
}

std::optional<GenerationRecord> Generations::endedGeneration(
    const SessionRef& session, const QString& requestId, const QString& genId)
{
    const std::optional<GenerationRecord> record = m_access.generation(session, requestId, genId);
    if (!record)
        return std::nullopt;
    if (m_running.contains(genId) || record->endSeq == 0) {
        m_fanout.fail(session.sessionId, requestId, ErrorCode::Conflict,
            u"Generation %1 is still streaming; stop it or wait for its end"_s.arg(genId));
        return std::nullopt;
    }
    return record;
}

void Generations::continueGeneration(const SessionRef& session, const GenerationContinue& request)
{
    const std::optional<GenerationRecord> record
        = endedGeneration(session, request.id, request.genId);
    if (!record)
        return;
    const std::optional<GenerationEnd> end = m_store.endEvent(*record);
    if (end && end->finish == FinishReason::Stop) {
        m_fanout.fail(session.sessionId, request.id, ErrorCode::Conflict,
            u"Generation %1 is complete: there is nothing to continue (retry it instead)"_s.arg(
                request.genId));
        return;
    }
    const std::optional<Conversation> conversation = m_store.conversationById(record->convId);
    if (!conversation)
        return m_access.generationNotFound(session, request.id, request.genId);
    const QList<ChatMessage> messages = m_store.promptMessages(record->convId);
    // With no text saved there is nothing to go on from: it is the question again.
    const bool hasPartial = !record->text.isEmpty();
    m_fanout.reply(session.sessionId, Ok { request.id });
    launch(session.userId, *conversation,
        hasPartial ? promptbuilder::through(messages, record->msgId)
                   : promptbuilder::questionOf(messages, record->msgId),
        hasPartial);
}

void Generations::retry(const SessionRef& session, const GenerationRetry& request)
{
    const std::optional<GenerationRecord> record
        = endedGeneration(session, request.id, request.genId);
    if (!record)
        return;
    const std::optional<Conversation> conversation = m_store.conversationById(record->convId);
    if (!conversation)
        return m_access.generationNotFound(session, request.id, request.genId);
    m_fanout.reply(session.sessionId, Ok { request.id });
    launch(session.userId, *conversation,
        promptbuilder::questionOf(m_store.promptMessages(record->convId), record->msgId), false);
}

void Generations::stop(const SessionRef& session, const GenerationStop& request)
{
    if (!m_access.generation(session, request.id, request.genId))
        return;
    // Also `ok` when it is already over: stopping then is harmless and changes nothing.
    m_fanout.reply(session.sessionId, Ok { request.id });
    if (GenerationRunner* runner = m_running.value(request.genId))
        runner->stop(FinishReason::Stopped);
}

void Generations::resume(const SessionRef& session, const GenerationResume& request)
{
    const std::optional<GenerationRecord> record
        = m_access.generation(session, request.id, request.genId);
    if (!record)
        return;
    if (GenerationRunner* runner = m_running.value(request.genId)) {
        if (const auto missed = runner->deltasAfter(request.afterDeltaSeq)) {
            for (const GenerationDelta& delta : *missed)
                m_fanout.reply(session.sessionId, delta);
            m_fanout.reply(
                session.sessionId, Resumed { request.id, request.genId, runner->deltaSeq() });
        } else {
            m_fanout.reply(session.sessionId,
                GenerationSnapshot { request.id, runner->info().convId, request.genId,
                    runner->text(), runner->deltaSeq() });
        }
        return;
    }
    if (request.afterDeltaSeq >= record->deltaSeq) {
        m_fanout.reply(session.sessionId, Resumed { request.id, request.genId, record->deltaSeq });
    } else {
        m_fanout.reply(session.sessionId,
            GenerationSnapshot {
                request.id, record->convId, request.genId, record->text, record->deltaSeq });
    }
    if (const std::optional<GenerationEnd> end = m_store.endEvent(*record))
        m_fanout.reply(session.sessionId, *end);
}

QList<LiveGeneration> Generations::live(const QString& convId) const
{
    QList<LiveGeneration> result;
    for (const GenerationRunner* runner : m_running) {
        if (runner->info().convId == convId)
            result.append(runner->live());
    }
    return result;
}

void Generations::discardConversation(const QString& convId)
{
    const QList<GenerationRunner*> runners = m_running.values();
    for (GenerationRunner* runner : runners) {
        if (runner->info().convId == convId)
            runner->discard();
    }
}

void Generations::interruptAll()
{
    const QList<GenerationRunner*> runners = m_running.values();
    for (GenerationRunner* runner : runners)
        runner->stop(FinishReason::Interrupted);
}

} // namespace palaver::server
