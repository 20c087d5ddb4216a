#include "chat/replyqueue.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

ReplyQueue::ReplyQueue(const GenerationLimits& limits)
    : m_limits(limits)
{ }

ReplyQueue::Decision ReplyQueue::admit(const Request& request)
{
    for (const Request& waiting : std::as_const(m_waiting)) {
        if (waiting.convId != request.convId)
            continue;
        // It starts later and then answers the latest message, this one included.
        if (request.kind == Request::Kind::Latest && waiting.kind == Request::Kind::Latest)
            return { Verdict::Absorbed, {} };
        return { Verdict::Refused,
            refusalFor(request, u"A reply is already waiting in this conversation"_s) };
    }
    if (canStart(request.requesterId, request.convId))
        return { Verdict::Start, {} };
    const int mine = runningOf(request.requesterId) + waitingOf(request.requesterId);
    if (waitingOf(request.requesterId) >= m_limits.maxQueuedPerUser) {
        return { Verdict::Refused,
            refusalFor(request,
                mine == 1 ? u"The assistant is busy with 1 of your replies"_s
                          : u"The assistant is busy with %1 of your replies"_s.arg(mine)) };
    }
    if (waitingCount() >= m_limits.maxQueuedPerServer) {
        return { Verdict::Refused,
            refusalFor(request,
                u"The assistant is busy with %1 replies for everyone"_s.arg(
                    runningCount() + waitingCount())) };
    }
    m_waiting.append(request);
    return { Verdict::Queued, {} };
}

QString ReplyQueue::refusalFor(const Request& request, const QString& reason) const
{
    if (request.kind == Request::Kind::Latest)
        return reason + u"; this message was saved without a reply — ask again in a moment"_s;
    return reason + u"; ask again in a moment"_s;
}

bool ReplyQueue::canStart(const QString& requesterId, const QString& convId) const
{
    return !isRunningIn(convId) && runningOf(requesterId) < m_limits.maxRunningPerUser
        && runningCount() < m_limits.maxRunningPerServer;
}

void ReplyQueue::started(const QString& genId, const QString& requesterId, const QString& convId)
{
    m_running.insert(genId, { requesterId, convId });
}

void ReplyQueue::ended(const QString& genId)
{
    m_running.remove(genId);
}

std::optional<ReplyQueue::Request> ReplyQueue::takeNextStartable()
{
    for (qsizetype i = 0; i < m_waiting.size(); ++i) {
        const Request& request = m_waiting.at(i);
        if (canStart(request.requesterId, request.convId))
            return m_waiting.takeAt(i);
    }
    return std::nullopt;
}

bool ReplyQueue::dropWaiting(const QString& convId)
{
    return m_waiting.removeIf([&](const Request& request) { return request.convId == convId; }) > 0;
}

int ReplyQueue::runningOf(const QString& userId) const
{
    int count = 0;
    for (const Running& running : m_running)
        count += running.requesterId == userId ? 1 : 0;
    return count;
}

int ReplyQueue::waitingOf(const QString& userId) const
{
    int count = 0;
    for (const Request& request : m_waiting)
        count += request.requesterId == userId ? 1 : 0;
    return count;
}

bool ReplyQueue::isRunningIn(const QString& convId) const
{
    for (const Running& running : m_running) {
        if (running.convId == convId)
            return true;
    }
    return false;
}

bool ReplyQueue::isWaitingIn(const QString& convId) const
{
    for (const Request& request : m_waiting) {
        if (request.convId == convId)
            return true;
    }
    return false;
}

} // namespace palaver::server
