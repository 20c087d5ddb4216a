#include "chat/messagelistmodel.h"

#include "chat/messagerow.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
constexpr int kFrameMs = 16;
}

namespace {
QString usageText(const std::optional<protocol::Usage>& usage)
{
    if (!usage)
        return {};
    return MessageListModel::tr("%1 in · %2 out").arg(usage->inputTokens).arg(usage->outputTokens);
}
/// The roles a change of the shown text touches: the Thinking block closes once text shows.
QList<int> textRoles(const auto& row)
{
    if (row.reasoning.isEmpty() || row.reasoningExpanded)
        return { MessageListModel::TextRole };
    return { MessageListModel::TextRole, MessageListModel::ReasoningExpandedRole };
}
} // namespace

MessageListModel::MessageListModel(QObject* parent)
    : QAbstractListModel(parent)
{
    m_frameTimer.setInterval(kFrameMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, [this] {
        const qint64 elapsed = m_clock.isValid() ? m_clock.restart() : kFrameMs;
        tick(int(std::min<qint64>(elapsed, 1000)));
    });
}

MessageListModel::~MessageListModel() = default;

int MessageListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return roleData(*m_rows[size_t(index.row())], role);
}

QVariant MessageListModel::roleData(const Row& row, int role) const
{
    const auto& m = row.message;
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return row.shownText();
    case MsgIdRole:
        return m.msgId;
    case AuthorKindRole:
        return protocol::wireName(m.author.kind);
    case AuthorNameRole:
        return m.author.name;
    case StatusRole:
        if (!row.pending)
            return protocol::wireName(m.status);
        if (row.outbox == OutboxEntry::State::Queued)
            return u"queued"_s;
        return row.outbox == OutboxEntry::State::Failed ? u"failed"_s : u"pending"_s;
    case ClientMsgIdRole:
        return m.clientMsgId;
    case CanEditRole:
        return row.pending && row.outbox != OutboxEntry::State::Sending;
    case IsQueuedRole:
        return row.pending && row.outbox == OutboxEntry::State::Queued;
    case ErrorTextRole:
        return row.errorText;
    case IsAssistantRole:
        return m.author.kind == protocol::AuthorKind::Assistant;
    case IsStreamingRole:
        return row.isStreaming();
    case CreatedAtRole:
        return m.createdAt;
    case ReasoningRole:
        return row.reasoning;
    case ReasoningExpandedRole:
        return row.isReasoningExpanded();
    case UsageTextRole:
        return usageText(row.usage);
    case CanContinueRole:
        return m_online && row.canContinue();
    case CanRetryRole:
        return m_online && row.isEndedReply();
    case IsOwnRole:
        return row.sentHere
            || (m.author.kind == protocol::AuthorKind::User && !m_selfUserId.isEmpty()
                && m.author.id == m_selfUserId);
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        { MsgIdRole, "msgId" },
        { AuthorKindRole, "authorKind" },
        { AuthorNameRole, "authorName" },
        { TextRole, "text" },
        { StatusRole, "status" },
        { ErrorTextRole, "errorText" },
        { IsAssistantRole, "isAssistant" },
        { IsStreamingRole, "isStreaming" },
        { CreatedAtRole, "createdAt" },
        { ClientMsgIdRole, "clientMsgId" },
        { CanEditRole, "canEdit" },
        { IsQueuedRole, "isQueued" },
        { ReasoningRole, "reasoning" },
        { ReasoningExpandedRole, "reasoningExpanded" },
        { UsageTextRole, "usageText" },
        { CanContinueRole, "canContinue" },
        { CanRetryRole, "canRetry" },
        { IsOwnRole, "isOwn" },
    };
}

void MessageListModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    updateTimer();
    Q_EMIT countChanged();
}

std::unique_ptr<MessageListModel::Row> MessageListModel::makeRow(
    const protocol::ChatMessage& message, bool typewriter)
{
    auto row = std::make_unique<MessageListModel::Row>();
    row->message = message;
    row->pacer.setEnabled(typewriter);
    if (message.status == protocol::MessageStatus::Streaming) {
        // Text that arrived before we watched is shown at once; only new deltas are paced.
        row->revealing = true;
        row->pacer.setEnabled(false);
        row->pacer.append(message.text);
        row->pacer.advance(0);
        row->pacer.setEnabled(typewriter);
    }
    return row;
}

void MessageListModel::setMessages(
    const QList<protocol::ChatMessage>& messages, const QHash<QString, qint64>& seqs)
{
    const int before = rowCount();
    // The server stores neither thinking text nor the user's open/closed choice: a page that
    // shows a reply again (a reload after a reconnect) keeps them.
    struct Extras
    {
        QString reasoning;
        std::optional<bool> expanded;
        std::optional<protocol::Usage> usage;
    };
    QHash<QString, Extras> extras;
    QHash<QString, qint64> knownSeqs = seqs;
    for (const auto& row : m_rows) {
        if (!row->message.msgId.isEmpty() && row->seq > 0
            && !knownSeqs.contains(row->message.msgId))
            knownSeqs.insert(row->message.msgId, row->seq);
        if (!row->message.msgId.isEmpty() && (!row->reasoning.isEmpty() || row->usage))
            extras.insert(
                row->message.msgId, { row->reasoning, row->reasoningExpanded, row->usage });
    }
    std::vector<std::unique_ptr<Row>> kept;
    for (auto& row : m_rows) {
        if (!row->pending)
            continue;
        const bool listed
            = std::any_of(messages.begin(), messages.end(), [&](const protocol::ChatMessage& m) {
                  return m.clientMsgId == row->message.clientMsgId;
              });
        if (!listed)
            kept.push_back(std::move(row));
    }
    beginResetModel();
    m_rows.clear();
    for (const auto& message : messages) {
        auto row = makeRow(message, m_typewriterEnabled);
        if (const auto it = extras.constFind(message.msgId); it != extras.cend()) {
            row->reasoning = it->reasoning;
            row->reasoningExpanded = it->expanded;
            row->usage = it->usage;
        }
        row->seq = knownSeqs.value(message.msgId, 0);
        m_rows.push_back(std::move(row));
    }
    std::stable_sort(m_rows.begin(), m_rows.end(),
        [](const auto& a, const auto& b) { return a->goesBefore(*b); });
    for (auto& row : kept)
        m_rows.push_back(std::move(row));
    endResetModel();
    updateTimer();
    if (before != rowCount())
        Q_EMIT countChanged();
}

int MessageListModel::placeFor(const Row& row, int skip) const
{
    // After every row it does not go before: equals keep their arrival (send) order.
    int place = 0;
    for (int i = 0; i < rowCount(); ++i) {
        if (i == skip)
            continue;
        if (row.goesBefore(*m_rows[size_t(i)]))
            return place;
        ++place;
    }
    return place;
}

int MessageListModel::placeRow(int at)
{
    const int to = placeFor(*m_rows[size_t(at)], at);
    if (to == at)
        return at;
    beginMoveRows({}, at, at, {}, to > at ? to + 1 : to);
    auto row = std::move(m_rows[size_t(at)]);
    m_rows.erase(m_rows.begin() + at);
    m_rows.insert(m_rows.begin() + to, std::move(row));
    endMoveRows();
    return to;
}

void MessageListModel::lowerSeq(Row& row, qint64 seq)
{
    if (seq > 0 && (row.seq == 0 || seq < row.seq))
        row.seq = seq;
}

void MessageListModel::noteSeq(const QString& msgId, qint64 seq)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0)
        return;
    lowerSeq(*m_rows[size_t(at)], seq);
    placeRow(at);
}

void MessageListModel::insertRow(std::unique_ptr<Row> row)
{
    const int at = placeFor(*row);
    beginInsertRows({}, at, at);
    m_rows.insert(m_rows.begin() + at, std::move(row));
    endInsertRows();
    updateTimer();
    Q_EMIT countChanged();
}

void MessageListModel::upsertMessage(const protocol::ChatMessage& message, qint64 seq)
{
    int at = rowOfMsgId(message.msgId);
    if (at < 0 && !message.clientMsgId.isEmpty())
        at = rowOfClientMsgId(message.clientMsgId);
    if (at < 0) {
        auto row = makeRow(message, m_typewriterEnabled);
        row->seq = seq;
        insertRow(std::move(row));
        return;
    }
    lowerSeq(*m_rows[size_t(at)], seq);
    if (!message.msgId.isEmpty())
        m_rows[size_t(at)]->message.msgId = message.msgId;
    m_rows[size_t(at)]->pending = false;
    at = placeRow(at);
    Row& row = *m_rows[size_t(at)];
    if (row.revealing) {
        if (message.status == protocol::MessageStatus::Streaming)
            return; // the deltas carry the text; a stored partial text would only repeat it
        finishMessage(message, std::nullopt);
        return;
    }
    row.message = message;
    row.pending = false;
    if (message.status == protocol::MessageStatus::Streaming) {
        auto fresh = makeRow(message, m_typewriterEnabled);
        row.revealing = true;
        row.pacer = fresh->pacer;
        updateTimer();
    }
    emitChanged(at, {});
}

void MessageListModel::addPending(
    const QString& clientMsgId, const QString& text, const QString& authorName)
{
    auto row = std::make_unique<Row>();
    row->pending = true;
    row->sentHere = true;
    row->message.clientMsgId = clientMsgId;
    row->message.author.kind = protocol::AuthorKind::User;
    row->message.author.name = authorName;
    row->message.text = text;
    row->message.createdAt = QDateTime::currentDateTimeUtc();
    insertRow(std::move(row));
}

void MessageListModel::acknowledge(const QString& clientMsgId, const QString& msgId, qint64 seq)
{
    int at = rowOfClientMsgId(clientMsgId);
    if (at < 0)
        return;
    Row& acked = *m_rows[size_t(at)];
    acked.message.msgId = msgId;
    acked.pending = false;
    lowerSeq(acked, seq);
    at = placeRow(at);
    Row& row = *m_rows[size_t(at)];
    row.errorText.clear();
    emitChanged(at, { MsgIdRole, StatusRole, ErrorTextRole, CanEditRole, IsQueuedRole });
}

void MessageListModel::markFailed(const QString& clientMsgId, const QString& errorText)
{
    const int at = rowOfClientMsgId(clientMsgId);
    if (at < 0)
        return;
    Row& row = *m_rows[size_t(at)];
    row.pending = false;
    row.message.status = protocol::MessageStatus::Error;
    row.errorText = errorText;
    emitChanged(at, { StatusRole, ErrorTextRole });
}

void MessageListModel::setOutboxEntry(const OutboxEntry& entry, const QString& authorName)
{
    const int at = rowOfClientMsgId(entry.clientMsgId);
    if (at < 0) {
        auto row = std::make_unique<Row>();
        row->pending = true;
        row->sentHere = true;
        row->outbox = entry.state;
        row->errorText = entry.error;
        row->message.clientMsgId = entry.clientMsgId;
        row->message.author.kind = protocol::AuthorKind::User;
        row->message.author.name = authorName;
        row->message.text = entry.text;
        row->message.createdAt = entry.createdAt;
        insertRow(std::move(row));
        return;
    }
    Row& row = *m_rows[size_t(at)];
    if (!row.pending)
        return; // acknowledged already: the server's copy wins
    row.outbox = entry.state;
    row.errorText = entry.error;
    row.message.text = entry.text;
    emitChanged(at, { TextRole, StatusRole, ErrorTextRole, CanEditRole, IsQueuedRole });
}

void MessageListModel::removeClientMessage(const QString& clientMsgId)
{
    const int at = rowOfClientMsgId(clientMsgId);
    if (at < 0)
        return;
    beginRemoveRows({}, at, at);
    m_rows.erase(m_rows.begin() + at);
    endRemoveRows();
    updateTimer();
    Q_EMIT countChanged();
}

void MessageListModel::appendDelta(const QString& msgId, const QString& text, bool revealNow)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0 || text.isEmpty())
        return;
    Row& row = *m_rows[size_t(at)];
    if (!row.revealing || row.pacer.isFinished())
        return; // a late delta for a reply that already has its final text
    row.message.text += text;
    row.pacer.append(text);
    if (!m_typewriterEnabled || revealNow) {
        row.pacer.setEnabled(false);
        row.pacer.advance(0);
        row.pacer.setEnabled(m_typewriterEnabled);
        emitChanged(at, textRoles(row));
    }
    updateTimer();
}

void MessageListModel::setStreamingText(const QString& msgId, const QString& text)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0)
        return;
    Row& row = *m_rows[size_t(at)];
    row.message.text = text;
    if (row.revealing) {
        row.pacer.setText(text);
        const bool wasEnabled = row.pacer.isEnabled();
        row.pacer.setEnabled(false);
        row.pacer.advance(0);
        row.pacer.setEnabled(wasEnabled);
    }
    emitChanged(at, textRoles(row));
}

void MessageListModel::finishMessage(const protocol::ChatMessage& finalMessage,
    const std::optional<protocol::ErrorInfo>& error, const std::optional<protocol::Usage>& usage,
    qint64 endSeq)
{
    int at = rowOfMsgId(finalMessage.msgId);
    if (at < 0) {
        auto row = makeRow(finalMessage, m_typewriterEnabled);
        if (error)
            row->errorText = error->message;
        row->usage = usage;
        row->seq = endSeq;
        insertRow(std::move(row));
        return;
    }
    // The end comes after the start: its seq only places a row whose start is unknown.
    if (m_rows[size_t(at)]->seq == 0)
        lowerSeq(*m_rows[size_t(at)], endSeq);
    m_rows[size_t(at)]->pending = false;
    at = placeRow(at);
    Row& row = *m_rows[size_t(at)];
    const QString shownBefore = row.shownText();
    const bool expandedBefore = row.isReasoningExpanded();
    const bool renamed = row.message.author.name != finalMessage.author.name;
    row.message = finalMessage;
    row.pending = false;
    row.errorText = error ? error->message : QString();
    QList<int> roles { StatusRole, ErrorTextRole };
    // The stored message names its author; a placeholder may have guessed differently.
    if (renamed)
        roles << AuthorNameRole;
    if (usage) {
        row.usage = usage;
        roles << UsageTextRole;
    }
    if (row.revealing) {
        row.pacer.setText(finalMessage.text);
        row.pacer.finish();
        if (!m_typewriterEnabled)
            row.pacer.advance(0);
        if (row.pacer.isDone())
            row.revealing = false;
    }
    if (row.shownText() != shownBefore)
        roles << TextRole;
    if (row.isReasoningExpanded() != expandedBefore)
        roles << ReasoningExpandedRole;
    if (!row.isStreaming())
        roles << IsStreamingRole;
    emitChanged(at, roles);
    updateTimer();
}

void MessageListModel::appendReasoning(const QString& msgId, const QString& text)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0 || text.isEmpty())
        return;
    Row& row = *m_rows[size_t(at)];
    const bool expandedBefore = row.isReasoningExpanded();
    row.reasoning += text;
    QList<int> roles { ReasoningRole };
    if (row.isReasoningExpanded() != expandedBefore)
        roles << ReasoningExpandedRole;
    emitChanged(at, roles);
}

void MessageListModel::toggleReasoning(const QString& msgId)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0)
        return;
    Row& row = *m_rows[size_t(at)];
    row.reasoningExpanded = !row.isReasoningExpanded();
    emitChanged(at, { ReasoningExpandedRole });
}

void MessageListModel::setUsage(const QString& msgId, const protocol::Usage& usage)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0)
        return;
    m_rows[size_t(at)]->usage = usage;
    emitChanged(at, { UsageTextRole });
}

void MessageListModel::setFinish(const QString& msgId, protocol::FinishReason finish)
{
    const int at = rowOfMsgId(msgId);
    if (at < 0)
        return;
    m_rows[size_t(at)]->cutShort = finish == protocol::FinishReason::Length;
    emitChanged(at, { CanContinueRole });
}

void MessageListModel::setOnline(bool online)
{
    if (m_online == online)
        return;
    m_online = online;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), { CanContinueRole, CanRetryRole });
}

void MessageListModel::setSelfUserId(const QString& userId)
{
    if (m_selfUserId == userId)
        return;
    m_selfUserId = userId;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), { IsOwnRole });
}

void MessageListModel::setTypewriterEnabled(bool enabled)
{
    if (m_typewriterEnabled == enabled)
        return;
    m_typewriterEnabled = enabled;
    for (auto& row : m_rows)
        row->pacer.setEnabled(enabled);
    if (!enabled)
        tick(0);
}

void MessageListModel::tick(int elapsedMs)
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        Row& row = *m_rows[i];
        if (!row.revealing)
            continue;
        if (!row.pacer.advance(elapsedMs).isEmpty())
            emitChanged(int(i), textRoles(row));
        settleIfDone(int(i));
    }
    updateTimer();
}

void MessageListModel::settleIfDone(int at)
{
    Row& row = *m_rows[size_t(at)];
    if (!row.revealing || !row.pacer.isDone())
        return;
    row.revealing = false;
    emitChanged(at, { IsStreamingRole });
}

bool MessageListModel::isRevealing() const
{
    return std::any_of(m_rows.begin(), m_rows.end(), [](const auto& row) {
        return row->revealing && (row->pacer.backlog() > 0 || row->pacer.isFinished());
    });
}

void MessageListModel::updateTimer()
{
    if (isRevealing()) {
        if (!m_frameTimer.isActive()) {
            m_clock.start();
            m_frameTimer.start();
        }
    } else {
        m_frameTimer.stop();
        m_clock.invalidate();
    }
}

void MessageListModel::emitChanged(int row, const QList<int>& roles)
{
    const QModelIndex idx = index(row);
    // What a reply offers follows its status.
    if (roles.contains(StatusRole)) {
        QList<int> all = roles;
        all << CanContinueRole << CanRetryRole;
        Q_EMIT dataChanged(idx, idx, all);
        return;
    }
    Q_EMIT dataChanged(idx, idx, roles);
}

int MessageListModel::rowOfMsgId(const QString& msgId) const
{
    if (msgId.isEmpty())
        return -1;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i]->message.msgId == msgId)
            return int(i);
    }
    return -1;
}

int MessageListModel::rowOfClientMsgId(const QString& clientMsgId) const
{
    if (clientMsgId.isEmpty())
        return -1;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i]->message.clientMsgId == clientMsgId)
            return int(i);
    }
    return -1;
}

protocol::ChatMessage MessageListModel::messageAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_rows[size_t(row)]->message;
}

} // namespace palaver::client
