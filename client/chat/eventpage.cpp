#include "chat/eventpage.h"

#include <algorithm>

namespace palaver::client {

QList<protocol::Event> sortedBySeq(QList<protocol::Event> events)
{
    std::stable_sort(events.begin(), events.end(),
        [](const auto& a, const auto& b) { return protocol::seqOf(a) < protocol::seqOf(b); });
    return events;
}

bool EventPage::contains(const QString& msgId) const
{
    return std::any_of(messages.begin(), messages.end(),
        [&](const protocol::ChatMessage& m) { return m.msgId == msgId; });
}

EventPage EventPage::fold(QList<protocol::Event> events, const ModelNames& modelName)
{
    EventPage page;
    // msgId → its row in page.messages: a page of thousands of events stays linear (a search of
    // the rows per event made opening a long cached conversation quadratic).
    QHash<QString, qsizetype> rowOf;
    rowOf.reserve(events.size());
    auto append = [&page, &rowOf](const protocol::ChatMessage& message) {
        rowOf.insert(message.msgId, page.messages.size());
        page.messages.append(message);
    };
    auto place = [&page, &rowOf, &append](const protocol::ChatMessage& message, qint64 seq) {
        if (!page.seqs.contains(message.msgId))
            page.seqs.insert(message.msgId, seq);
        if (const auto it = rowOf.constFind(message.msgId); it != rowOf.constEnd())
            page.messages[*it] = message;
        else
            append(message);
    };
    for (const auto& event : sortedBySeq(std::move(events))) {
        if (const auto* m = std::get_if<protocol::MessageEvent>(&event)) {
            place(m->message, m->seq);
        } else if (const auto* start = std::get_if<protocol::GenerationStart>(&event)) {
            page.started.insert(start->genId, start->msgId);
            if (!page.seqs.contains(start->msgId))
                page.seqs.insert(start->msgId, start->seq);
            if (!rowOf.contains(start->msgId)) {
                protocol::ChatMessage placeholder;
                placeholder.msgId = start->msgId;
                placeholder.genId = start->genId;
                placeholder.author = { protocol::AuthorKind::Assistant, {},
                    modelName ? modelName(start->model) : start->model };
                placeholder.status = protocol::MessageStatus::Streaming;
                append(placeholder);
            }
        } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&event)) {
            page.started.remove(end->genId);
            protocol::ChatMessage message = end->message;
            if (message.genId.isEmpty())
                message.genId = end->genId;
            place(message, end->seq);
            if (end->finish == protocol::FinishReason::Length)
                page.cutShort.insert(message.msgId);
            if (end->error)
                page.failed.append(*end);
            if (end->usage)
                page.usage.insert(end->message.msgId, *end->usage);
        }
    }
    return page;
}

} // namespace palaver::client
