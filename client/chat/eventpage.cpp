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
    auto place = [&page](const protocol::ChatMessage& message, qint64 seq) {
        if (!page.seqs.contains(message.msgId))
            page.seqs.insert(message.msgId, seq);
        const auto it = std::find_if(page.messages.begin(), page.messages.end(),
            [&](const auto& m) { return m.msgId == message.msgId; });
        if (it == page.messages.end())
            page.messages.append(message);
        else
            *it = message;
    };
    for (const auto& event : sortedBySeq(std::move(events))) {
        if (const auto* m = std::get_if<protocol::MessageEvent>(&event)) {
            place(m->message, m->seq);
        } else if (const auto* start = std::get_if<protocol::GenerationStart>(&event)) {
            page.started.insert(start->genId, start->msgId);
            if (!page.seqs.contains(start->msgId))
                page.seqs.insert(start->msgId, start->seq);
            if (!page.contains(start->msgId)) {
                protocol::ChatMessage placeholder;
                placeholder.msgId = start->msgId;
                placeholder.genId = start->genId;
                placeholder.author = { protocol::AuthorKind::Assistant, {},
                    modelName ? modelName(start->model) : start->model };
                placeholder.status = protocol::MessageStatus::Streaming;
                page.messages.append(placeholder);
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
