#pragma once

#include "chat/typewriterpacer.h"
#include "protocol/messages.h"
#include "store/outboxentry.h"

#include <optional>

namespace palaver::client {

/// One row of the MessageListModel: the message as last known, its outbox state, its typewriter
/// and where the server stored it (seq), which decides where the row is shown.
struct MessageRow
{
    /// As last known; for a streamed reply `text` is everything received so far.
    protocol::ChatMessage message;
    bool pending = false;
    /// Typed on this device (it came through the outbox): the user's own, whatever ids say.
    bool sentHere = false;
    /// For a pending row: where it is in the outbox.
    OutboxEntry::State outbox = OutboxEntry::State::Pending;
    QString errorText;
    /// A streamed reply whose text is (still) shown through the pacer.
    bool revealing = false;
    TypewriterPacer pacer;
    /// Streamed thinking text (not stored by the server: a reloaded reply has none).
    QString reasoning;
    /// The user opened or closed the Thinking block; unset = automatic.
    std::optional<bool> reasoningExpanded;
    std::optional<protocol::Usage> usage;
    /// The reply ended at the length limit (its status says "complete").
    bool cutShort = false;
    /// The seq of the first stored event about this message (0: not known yet). The server's
    /// order is seq order, whatever order the events arrived in.
    qint64 seq = 0;

    /// Not acknowledged by the server: shown after its messages, in send order.
    bool isLocal() const { return pending || message.msgId.isEmpty(); }
    /// Rows sort by (rank, seq): the server's rows by seq, those of unknown seq after them, the
    /// local ones last.
    int rank() const { return isLocal() ? 2 : (seq > 0 ? 0 : 1); }
    bool goesBefore(const MessageRow& other) const
    {
        return rank() < other.rank() || (rank() == 0 && other.rank() == 0 && seq < other.seq);
    }

    bool isStreaming() const
    {
        return message.status == protocol::MessageStatus::Streaming
            || (revealing && !pacer.isDone());
    }
    QString shownText() const { return revealing ? pacer.revealed() : message.text; }
    /// A reply the server has ended, known by its genId. It follows the server's status, not
    /// the typewriter still catching up (the view waits for that itself).
    bool isEndedReply() const
    {
        return !pending && message.author.kind == protocol::AuthorKind::Assistant
            && !message.genId.isEmpty() && message.status != protocol::MessageStatus::Streaming;
    }
    bool canContinue() const
    {
        if (!isEndedReply())
            return false;
        switch (message.status) {
        case protocol::MessageStatus::Stopped:
        case protocol::MessageStatus::Interrupted:
        case protocol::MessageStatus::Error:
            return true;
        case protocol::MessageStatus::Complete:
            return cutShort;
        case protocol::MessageStatus::Streaming:
            return false;
        }
        return false;
    }
    bool isReasoningExpanded() const
    {
        return reasoningExpanded.value_or(!reasoning.isEmpty() && shownText().isEmpty());
    }
};

} // namespace palaver::client
