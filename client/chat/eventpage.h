#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QSet>
#include <functional>

namespace palaver::client {

/// What a page of stored events (history, sync, the local cache) shows: one message per msgId in
/// seq order, a streaming placeholder for each reply started without its message yet, which
/// replies the page leaves streaming and which ended with an error.
struct EventPage
{
    QList<protocol::ChatMessage> messages;
    /// msgId → the seq of the first event about it in the page (where the server shows it).
    QHash<QString, qint64> seqs;
    /// genId → msgId of replies started and not ended in the page.
    QHash<QString, QString> started;
    /// Ends carrying an error (their rows show it).
    QList<protocol::GenerationEnd> failed;
    /// msgId → token usage of the replies that ended in the page with one.
    QHash<QString, protocol::Usage> usage;
    /// msgIds of the replies that ended at the length limit (they can be continued).
    QSet<QString> cutShort;

    bool contains(const QString& msgId) const;
    /// A model's display name by its id.
    using ModelNames = std::function<QString(const QString& modelId)>;

    /// Folds `events` (any order; applied by seq). A reply still streaming is signed with
    /// `modelName(its model)` (the model id when not given).
    static EventPage fold(QList<protocol::Event> events, const ModelNames& modelName = {});
};

/// `events` sorted by seq (stable).
QList<protocol::Event> sortedBySeq(QList<protocol::Event> events);

} // namespace palaver::client
