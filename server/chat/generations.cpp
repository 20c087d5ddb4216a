#include "chat/generations.h"

#include "ai/modelregistry.h"
#include "ai/promptbudget.h"
#include "ai/provider.h"
#include "ai/upstreampool.h"
#include "chat/access.h"
#include "chat/generationrunner.h"
#include "chat/membership.h"
#include "chat/promptbuilder.h"
#include "limits/sendbudget.h"
#include "log/categories.h"
#include "store/chatstore.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;
using Kind = ReplyQueue::Request::Kind;

namespace {
// A refusal is logged once per person and this interval, not once per message.
constexpr qint64 refusalLogIntervalMs = 60 * 1000;
} // namespace

Generations::Generations(ChatStore& store, Fanout& fanout, Membership& membership, Access& access,
    const ModelRegistry& models, const GenerationLimits& limits, const SendBudget* sendBudget,
    QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
    , m_membership(membership)
    , m_access(access)
    , m_models(models)
    , m_limits(limits)
    , m_sendBudget(sendBudget)
    , m_queue(limits)
{
    // Polled: the budget is an atomic the network threads change many times a second; a short
    // poll while replies run costs nothing and needs no signal across threads.
    m_paceTimer.setInterval(paceIntervalMs);
    connect(&m_paceTimer, &QTimer::timeout, this, &Generations::pace);
    // Every running reply may hold an upstream connection: Qt 6.5+ is asked for that many per
    // host (spread over the pool's managers) before the first request.
    UpstreamPool::forCurrentThread().setMaxReplies(m_limits.maxRunningPerServer);
}

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
    if (m_draining)
        return; // the server is going down: the message is stored, its reply is not started
    const ReplyQueue::Request request { Kind::Latest, requesterId, conversation.convId, {} };
    const ReplyQueue::Decision decision = m_queue.admit(request);
    switch (decision.verdict) {
    case ReplyQueue::Verdict::Start:
        launch(requesterId, conversation,
            m_store.promptMessages(conversation.convId, m_limits.maxPromptMessages), false);
        return;
    case ReplyQueue::Verdict::Queued:
    case ReplyQueue::Verdict::Absorbed:
        return; // nothing is sent until it starts: a waiting reply has no genId yet
    case ReplyQueue::Verdict::Refused:
        // Without the message's request id: the message was stored and acknowledged, and
        // sending it again would only be a duplicate. The person asks again with a new one.
        m_fanout.toUser(requesterId,
            Error {
                QString(), ErrorCode::RateLimited, decision.refusal, ReplyQueue::retryAfterMs });
        logRefusal(requesterId, decision.refusal);
        return;
    }
}

bool Generations::startNow(const ReplyQueue::Request& request)
{
    const std::optional<Conversation> conversation = m_store.conversationById(request.convId);
    if (!conversation)
        return false;
    if (request.kind == Kind::Latest) {
        launch(request.requesterId, *conversation,
            m_store.promptMessages(request.convId, m_limits.maxPromptMessages), false);
        return true;
    }
    const std::optional<GenerationRecord> record = m_store.generation(request.genId);
    if (!record || record->convId != request.convId)
        return false;
    // The newest messages up to the ended reply: it may be far back in a long conversation.
    const QList<ChatMessage> messages
        = m_store.promptMessages(record->convId, m_limits.maxPromptMessages, record->msgId);
    // A continuation with no text saved has nothing to go on from: it is the question again.
    const bool continuation = request.kind == Kind::Continue && !record->text.isEmpty();
    launch(request.requesterId, *conversation,
        continuation ? promptbuilder::through(messages, record->msgId)
                     : promptbuilder::questionOf(messages, record->msgId),
        continuation);
    return true;
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
    request.maxLineBytes = m_limits.maxUpstreamLineBytes;
    // In a room or a DM several people talk: each user turn says who wrote it.
    const auto speakers = conversation.kind == ConversationKind::Ai
        ? promptbuilder::Speakers::Unnamed
        : promptbuilder::Speakers::Named;
    // A model that configures no budget gets the server's default (the demo model too, which
    // ignores its prompt but for a quote): the whole newest maxPromptMessages could be megabytes.
    const qint64 budget
        = model.spec.contextTokens > 0 ? model.spec.contextTokens : m_limits.defaultContextTokens;
    request.turns = promptbudget::fit(
        promptbuilder::turns(conversation.systemPrompt,
            promptbuilder::withoutLeadingReplies(messages), continuation, speakers),
        budget);

    auto* runner = new GenerationRunner(m_store, m_fanout, m_membership, *started, m_limits, this);
    runner->setMetrics(m_metrics);
    m_running.insert(started->genId, runner);
    m_queue.started(started->genId, requesterId, conversation.convId);
    connect(runner, &GenerationRunner::ended, this, [this](const QString& genId) {
        if (GenerationRunner* done = m_running.take(genId))
            done->deleteLater();
        m_queue.ended(genId);
        if (m_running.isEmpty()) {
            m_paceTimer.stop();
            m_paused = false;
        }
        scheduleStartWaiting();
        Q_EMIT generationEnded(genId);
    });
    connect(runner, &GenerationRunner::deltaPublished, this, [this] {
        // Pausing at once; resuming is the timer's (the queues drain on other threads).
        if (!m_paused && m_sendBudget && m_sendBudget->congested())
            pace();
    });
    if (m_sendBudget && !m_paceTimer.isActive()) {
        m_paused = m_sendBudget->congested();
        m_paceTimer.start();
    }
    // Before its first byte: a reply started while the queues are full waits like the others.
    runner->setPaused(m_paused);
    runner->run(*model.provider, request);
}

void Generations::scheduleStartWaiting()
{
    if (m_startScheduled || m_queue.waitingCount() == 0)
        return;
    m_startScheduled = true;
    // Queued: the reply that made room is still ending (inside its completion's signal).
    QMetaObject::invokeMethod(this, &Generations::startWaiting, Qt::QueuedConnection);
}

void Generations::startWaiting()
{
    m_startScheduled = false;
    if (m_draining)
        return;
    while (const std::optional<ReplyQueue::Request> next = m_queue.takeNextStartable())
        startNow(*next); // one that cannot start any more (conversation gone) is dropped
}

void Generations::logRefusal(const QString& requesterId, const QString& refusal)
{
    QElapsedTimer& last = m_refusalLogged[requesterId];
    if (last.isValid() && last.elapsed() < refusalLogIntervalMs)
        return;
    last.start();
    qCInfo(lcChat, "refused a reply for user %s: %s (running %d, waiting %d)",
        qPrintable(requesterId), qPrintable(refusal), m_queue.runningCount(),
        m_queue.waitingCount());
    if (m_refusalLogged.size() > 10000) {
        m_refusalLogged.removeIf(
            [](const auto& entry) { return entry.value().elapsed() >= refusalLogIntervalMs; });
    }
}

void Generations::pace()
{
    const bool congested = m_sendBudget && m_sendBudget->congested();
    if (congested == m_paused)
        return;
    m_paused = congested;
    for (GenerationRunner* runner : std::as_const(m_running))
        runner->setPaused(congested);
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

void Generations::admitFollowUp(const SessionRef& session, const QString& requestId,
    ReplyQueue::Request::Kind kind, const GenerationRecord& record)
{
    if (m_draining) {
        m_fanout.reply(session.sessionId,
            Error { requestId, ErrorCode::RateLimited, u"The server is shutting down"_s,
                ReplyQueue::retryAfterMs });
        return;
    }
    if (!m_store.conversationById(record.convId))
        return m_access.generationNotFound(session, requestId, record.genId);
    const ReplyQueue::Request request { kind, session.userId, record.convId, record.genId };
    const ReplyQueue::Decision decision = m_queue.admit(request);
    if (decision.verdict == ReplyQueue::Verdict::Refused) {
        m_fanout.reply(session.sessionId,
            Error {
                requestId, ErrorCode::RateLimited, decision.refusal, ReplyQueue::retryAfterMs });
        logRefusal(session.userId, decision.refusal);
        return;
    }
    // `ok` first: the new reply's generation.start follows it, now or when a slot frees up.
    m_fanout.reply(session.sessionId, Ok { requestId });
    if (decision.verdict == ReplyQueue::Verdict::Start)
        startNow(request);
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
    admitFollowUp(session, request.id, Kind::Continue, *record);
}

void Generations::retry(const SessionRef& session, const GenerationRetry& request)
{
    const std::optional<GenerationRecord> record
        = endedGeneration(session, request.id, request.genId);
    if (!record)
        return;
    admitFollowUp(session, request.id, Kind::Retry, *record);
}

void Generations::stop(const SessionRef& session, const GenerationStop& request)
{
    const std::optional<GenerationRecord> record
        = m_access.generation(session, request.id, request.genId);
    if (!record)
        return;
    // Also `ok` when it is already over: stopping then is harmless and changes nothing.
    m_fanout.reply(session.sessionId, Ok { request.id });
    if (GenerationRunner* runner = m_running.value(request.genId)) {
        // Stop means the assistant stops answering here: the reply waiting behind this one
        // (which would answer the messages sent meanwhile) goes too.
        m_queue.dropWaiting(record->convId);
        runner->stop(FinishReason::Stopped);
    }
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
    m_queue.dropWaiting(convId);
    const QList<GenerationRunner*> runners = m_running.values();
    for (GenerationRunner* runner : runners) {
        if (runner->info().convId == convId)
            runner->discard();
    }
}

void Generations::drain()
{
    m_draining = true;
    m_queue.dropAllWaiting();
}

void Generations::interruptAll()
{
    drain();
    const QList<GenerationRunner*> runners = m_running.values();
    for (GenerationRunner* runner : runners)
        runner->stop(FinishReason::Interrupted);
}

} // namespace palaver::server
