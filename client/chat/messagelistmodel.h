#pragma once

#include "chat/typewriterpacer.h"
#include "protocol/messages.h"
#include "store/outboxentry.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace palaver::client {

struct MessageRow;

/// The messages of the open conversation, oldest first. A streamed reply lives in one row whose
/// `text` role grows as its TypewriterPacer reveals it; a user message in the outbox is "pending",
/// "queued" or "failed" until the server acknowledges it.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        MsgIdRole = Qt::UserRole + 1,
        AuthorKindRole,
        AuthorNameRole,
        TextRole,
        StatusRole,
        ErrorTextRole,
        IsAssistantRole,
        IsStreamingRole,
        CreatedAtRole,
        /// The UUID of a user message (what editPending() & co. take); empty for replies.
        ClientMsgIdRole,
        /// In the outbox and not sent yet: can be edited or removed.
        CanEditRole,
        /// Waits for the streaming reply to end (the prompt queue).
        IsQueuedRole,
        /// The reply's thinking text (streamed `reasoning`), shown in a "Thinking" block.
        ReasoningRole,
        /// Whether the "Thinking" block is open: while only reasoning streams, until the reply
        /// text starts, unless the user toggled it (toggleReasoning()).
        ReasoningExpandedRole,
        /// Token usage of a finished reply, e.g. "14 in · 30 out"; empty when unknown.
        UsageTextRole,
        /// A reply the server ended that can go on (generation.continue): stopped, interrupted,
        /// failed or cut at the length limit; never while it streams or while offline. (The
        /// typewriter may still be revealing it: the view shows the buttons after isStreaming.)
        CanContinueRole,
        /// A reply the server ended that can be answered again (generation.retry); not while
        /// streaming or offline.
        CanRetryRole,
        /// The signed-in user wrote it: a user message whose author id is theirs
        /// (setSelfUserId()), or one sent from this device (pending, queued, failed or sent).
        IsOwnRole,
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject* parent = nullptr);
    ~MessageListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void clear();
    /// Replaces the rows, ordered by the seqs in `seqs` (msgId → the seq of the first event
    /// about it; a row shown before keeps the seq it had); pending user messages not in
    /// `messages` stay at the end.
    void setMessages(
        const QList<protocol::ChatMessage>& messages, const QHash<QString, qint64>& seqs = {});
    /// Inserts or updates by msgId (a pending user message is matched by clientMsgId). `seq` is
    /// the seq of the event that carried it (0: unknown); rows are kept in seq order.
    void upsertMessage(const protocol::ChatMessage& message, qint64 seq = 0);
    /// The server stored an event about `msgId` at `seq`: the row takes the lowest seq it knows
    /// of and moves there.
    void noteSeq(const QString& msgId, qint64 seq);
    /// A sent user message before its ack.
    void addPending(const QString& clientMsgId, const QString& text, const QString& authorName);
    /// The server accepted a pending message: it gets its msgId and seq, is no longer pending
    /// and moves to its place in seq order.
    void acknowledge(const QString& clientMsgId, const QString& msgId, qint64 seq = 0);
    /// A pending message could not be sent; `errorText` says why.
    void markFailed(const QString& clientMsgId, const QString& errorText);
    /// Shows an outbox entry (inserted at the end when new, else updated in place).
    void setOutboxEntry(const OutboxEntry& entry, const QString& authorName);
    /// Removes the row of a message the user took back.
    void removeClientMessage(const QString& clientMsgId);
    /// Feeds the typewriter of that row; `revealNow` shows it at once (text caught up after
    /// the fact, e.g. a resume, is not typed out again).
    void appendDelta(const QString& msgId, const QString& text, bool revealNow = false);
    /// Adds streamed thinking text to the reply in that row (shown at once, not typed).
    void appendReasoning(const QString& msgId, const QString& text);
    /// Opens or closes the "Thinking" block of the row with `msgId` (the user's choice wins
    /// from then on).
    Q_INVOKABLE void toggleReasoning(const QString& msgId);
    /// Records the token usage of a finished reply (a stored generation.end carries it).
    void setUsage(const QString& msgId, const protocol::Usage& usage);
    /// Replaces the streaming text of a row (a resume snapshot).
    void setStreamingText(const QString& msgId, const QString& text);
    /// The stored final text wins; the typewriter drains what is left quickly.
    /// `usage`, when given, is shown under the reply. `endSeq` (the generation.end's seq) places
    /// a reply whose start was never seen, until its start says better.
    void finishMessage(const protocol::ChatMessage& finalMessage,
        const std::optional<protocol::ErrorInfo>& error = std::nullopt,
        const std::optional<protocol::Usage>& usage = std::nullopt, qint64 endSeq = 0);

    /// Records why a reply ended; a reply cut at the length limit can be continued.
    void setFinish(const QString& msgId, protocol::FinishReason finish);
    /// Continue and Retry need the server: offline no reply offers them.
    void setOnline(bool online);
    bool isOnline() const { return m_online; }

    /// The signed-in user's id (from `welcome`, or the cache before it): their messages are
    /// isOwn. Empty: only the messages sent from this device are.
    void setSelfUserId(const QString& userId);
    QString selfUserId() const { return m_selfUserId; }

    /// Off: streamed text is shown as soon as it arrives.
    void setTypewriterEnabled(bool enabled);
    bool typewriterEnabled() const { return m_typewriterEnabled; }
    /// Advances every revealing row by `elapsedMs` (the frame timer calls it; tests may too).
    void tick(int elapsedMs);

    int rowOfMsgId(const QString& msgId) const;
    int rowOfClientMsgId(const QString& clientMsgId) const;
    /// The message in `row` as last known (text = the full text received, not the revealed part).
    protocol::ChatMessage messageAt(int row) const;
    /// True while some row is still revealing streamed text.
    bool isRevealing() const;

Q_SIGNALS:
    void countChanged();

private:
    using Row = MessageRow;
    static std::unique_ptr<Row> makeRow(const protocol::ChatMessage& message, bool typewriter);
    QVariant roleData(const Row& row, int role) const;
    /// Inserts `row` at its place: server rows by seq (those of unknown seq after them), then
    /// the unsent ones in send order.
    void insertRow(std::unique_ptr<Row> row);
    /// Where `row` goes among the rows other than `skip`.
    int placeFor(const Row& row, int skip = -1) const;
    /// Moves the row at `at` to its place after its seq or state changed; returns its new row.
    int placeRow(int at);
    /// Lowers the known seq of the row at `at` to `seq` (0 and higher ones change nothing).
    static void lowerSeq(Row& row, qint64 seq);
    void emitChanged(int row, const QList<int>& roles);
    void updateTimer();
    void settleIfDone(int row);

    std::vector<std::unique_ptr<Row>> m_rows;
    QTimer m_frameTimer;
    QElapsedTimer m_clock;
    QString m_selfUserId;
    bool m_typewriterEnabled = true;
    bool m_online = true;
};

} // namespace palaver::client
