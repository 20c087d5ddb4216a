#pragma once

#include "protocol/messages.h"

#include <QList>
#include <QString>
#include <optional>

namespace palaver::server {

class Database;

/// A page of stored events in seq order.
struct EventPage
{
    QList<protocol::Event> events;
    bool hasMore = false;
};

/// Each conversation's gap-free log of stored events (`message`, `generation.start`,
/// `generation.end`), kept as the protocol codec encodes them.
class EventLog
{
public:
    /// A page stops early (hasMore) once its events pass this many encoded bytes.
    static constexpr qint64 maxPageBytes = 2 * 1024 * 1024;

    explicit EventLog(Database& database);

    /// Reserves the conversation's next seq (call inside the transaction that appends the event);
    /// 0 on failure.
    qint64 reserveSeq(const QString& convId, qint64 nowMs);
    bool append(const QString& convId, const protocol::Event& event);
    std::optional<protocol::Event> at(const QString& convId, qint64 seq);

    /// The newest `limit` events before `beforeSeq` (all when unset), returned in seq order.
    EventPage history(const QString& convId, std::optional<qint64> beforeSeq, int limit);
    /// The oldest `limit` events after `afterSeq`, in seq order.
    EventPage after(const QString& convId, qint64 afterSeq, int limit);

private:
    EventPage read(
        const QString& sql, const QString& convId, qint64 bound, int limit, bool newestFirst);

    Database& m_db;
};

} // namespace palaver::server
