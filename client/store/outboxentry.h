#pragma once

#include <QDateTime>
#include <QString>

namespace palaver::client {

/// A message the user sent that the server has not acknowledged yet (see Outbox).
struct OutboxEntry
{
    enum class State {
        /// Waits to go out (offline, or about to be sent).
        Pending,
        /// Sent on the current connection; waits for its ack.
        Sending,
        /// Waits for the reply streaming in its conversation to end (the prompt queue).
        Queued,
        /// The server refused it; `error` says why. Edit and retry, or remove.
        Failed,
    };

    QString clientMsgId;
    QString convId;
    QString text;
    /// In a room or DM: the user asked the assistant to answer (`message.send` `assistant`).
    bool assistant = false;
    State state = State::Pending;
    QString error;
    QDateTime createdAt;
    /// Position in the send order (increasing).
    qint64 order = 0;

    bool operator==(const OutboxEntry&) const = default;
};

} // namespace palaver::client
