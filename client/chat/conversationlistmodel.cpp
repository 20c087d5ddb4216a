#include "chat/conversationlistmodel.h"

#include <algorithm>

namespace palaver::client {

namespace {
bool newerThan(const protocol::Conversation& a, const protocol::Conversation& b)
{
    return a.updatedAt > b.updatedAt;
}
} // namespace

ConversationListModel::ConversationListModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

int ConversationListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& c = m_items.at(index.row());
    switch (role) {
    case ConvIdRole:
        return c.convId;
    case Qt::DisplayRole:
    case TitleRole:
        return c.title;
    case ModelRole:
        return c.model;
    case UpdatedAtRole:
        return c.updatedAt;
    case LastSeqRole:
        return c.lastSeq;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {
        { ConvIdRole, "convId" },
        { TitleRole, "title" },
        { ModelRole, "model" },
        { UpdatedAtRole, "updatedAt" },
        { LastSeqRole, "lastSeq" },
    };
}

void ConversationListModel::createConversation(const QString& title)
{
    Q_EMIT createRequested(title.trimmed());
}

void ConversationListModel::rename(const QString& convId, const QString& title)
{
    Q_EMIT renameRequested(convId, title.trimmed());
}

void ConversationListModel::remove(const QString& convId)
{
    Q_EMIT removeRequested(convId);
}

void ConversationListModel::setConversations(const QList<protocol::Conversation>& conversations)
{
    const int before = rowCount();
    beginResetModel();
    m_items = conversations;
    std::stable_sort(m_items.begin(), m_items.end(), newerThan);
    endResetModel();
    if (before != rowCount())
        Q_EMIT countChanged();
}

int ConversationListModel::insertionRow(const protocol::Conversation& conversation) const
{
    const auto it = std::upper_bound(m_items.begin(), m_items.end(), conversation,
        [](const auto& a, const auto& b) { return newerThan(a, b); });
    return int(it - m_items.begin());
}

void ConversationListModel::upsert(const protocol::Conversation& conversation)
{
    const int from = rowOf(conversation.convId);
    if (from < 0) {
        const int at = insertionRow(conversation);
        beginInsertRows({}, at, at);
        m_items.insert(at, conversation);
        endInsertRows();
        Q_EMIT countChanged();
        return;
    }
    // Find the new place among the others, then move (if needed) and update in place.
    protocol::Conversation old = m_items.takeAt(from);
    int to = insertionRow(conversation);
    m_items.insert(from, old);
    if (to != from) {
        // beginMoveRows wants the destination as a row in the list before the move.
        const int dest = to > from ? to + 1 : to;
        beginMoveRows({}, from, from, {}, dest);
        m_items.move(from, to);
        endMoveRows();
    }
    m_items[to] = conversation;
    const QModelIndex idx = index(to);
    Q_EMIT dataChanged(idx, idx);
}

void ConversationListModel::removeById(const QString& convId)
{
    const int at = rowOf(convId);
    if (at < 0)
        return;
    beginRemoveRows({}, at, at);
    m_items.removeAt(at);
    endRemoveRows();
    Q_EMIT countChanged();
}

void ConversationListModel::noteEvent(const QString& convId, qint64 seq, const QDateTime& at)
{
    auto existing = conversation(convId);
    if (!existing)
        return;
    if (seq > existing->lastSeq)
        existing->lastSeq = seq;
    if (at.isValid() && at > existing->updatedAt)
        existing->updatedAt = at;
    upsert(*existing);
}

std::optional<protocol::Conversation> ConversationListModel::conversation(
    const QString& convId) const
{
    const int at = rowOf(convId);
    if (at < 0)
        return std::nullopt;
    return m_items.at(at);
}

int ConversationListModel::rowOf(const QString& convId) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).convId == convId)
            return i;
    }
    return -1;
}

} // namespace palaver::client
