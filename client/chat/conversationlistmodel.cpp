#include "chat/conversationlistmodel.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
/// Rooms, then direct messages, then AI chats.
int kindRank(protocol::ConversationKind kind)
{
    switch (kind) {
    case protocol::ConversationKind::Room:
        return 0;
    case protocol::ConversationKind::Dm:
        return 1;
    case protocol::ConversationKind::Ai:
        return 2;
    }
    return 2;
}

bool goesBefore(const protocol::Conversation& a, const protocol::Conversation& b)
{
    const int ka = kindRank(a.kind);
    const int kb = kindRank(b.kind);
    return ka != kb ? ka < kb : a.updatedAt > b.updatedAt;
}

bool sameMembership(const protocol::Conversation& a, const protocol::Conversation& b)
{
    return a.members == b.members && a.role == b.role && a.model == b.model && a.kind == b.kind;
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
    case TitleRole:
        return c.title;
    case ModelRole:
        return c.model;
    case UpdatedAtRole:
        return c.updatedAt;
    case LastSeqRole:
        return c.lastSeq;
    case KindRole:
        return protocol::wireName(c.kind);
    case Qt::DisplayRole:
    case DisplayTitleRole:
        return displayTitle(c, m_self);
    case UnreadRole:
        return int(c.unread);
    case IsOwnerRole:
        return c.role == protocol::MemberRole::Owner;
    case PeerPresenceRole: {
        if (c.kind != protocol::ConversationKind::Dm)
            return QString();
        const auto* peer = dmPeer(c, m_self);
        return peer ? protocol::wireName(peer->presence)
                    : protocol::wireName(protocol::PresenceState::Offline);
    }
    case MemberCountRole:
        return c.kind == protocol::ConversationKind::Ai ? 0 : int(c.members.size());
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
        { KindRole, "kind" },
        { DisplayTitleRole, "displayTitle" },
        { UnreadRole, "unread" },
        { IsOwnerRole, "isOwner" },
        { PeerPresenceRole, "peerPresence" },
        { MemberCountRole, "memberCount" },
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

void ConversationListModel::setSelf(const QString& userId, const QString& name)
{
    if (m_self.id == userId && m_self.name == name)
        return;
    m_self = Self { userId, name };
    // Which member of a DM is "the other one" may read differently now.
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), { DisplayTitleRole, PeerPresenceRole });
}

void ConversationListModel::setInFront(const QString& convId)
{
    m_inFront = convId;
}

void ConversationListModel::setConversations(const QList<protocol::Conversation>& conversations)
{
    const int before = rowCount();
    beginResetModel();
    m_items = conversations;
    std::stable_sort(m_items.begin(), m_items.end(), goesBefore);
    endResetModel();
    if (before != rowCount())
        Q_EMIT countChanged();
    updateTotalUnread();
    for (const auto& c : std::as_const(m_items))
        Q_EMIT membersChanged(c.convId);
}

int ConversationListModel::insertionRow(const protocol::Conversation& conversation) const
{
    const auto it = std::upper_bound(m_items.begin(), m_items.end(), conversation, goesBefore);
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
        updateTotalUnread();
        Q_EMIT membersChanged(conversation.convId);
        return;
    }
    const bool membership = !sameMembership(m_items.at(from), conversation);
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
    replaceAt(to, conversation);
    if (membership)
        Q_EMIT membersChanged(conversation.convId);
}

void ConversationListModel::replaceAt(int row, const protocol::Conversation& conversation)
{
    m_items[row] = conversation;
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx);
    updateTotalUnread();
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
    updateTotalUnread();
}

void ConversationListModel::noteEvent(
    const QString& convId, qint64 seq, const QDateTime& at, EventSource source)
{
    auto existing = conversation(convId);
    if (!existing)
        return;
    // An event at or below the known lastSeq was counted by the server already (the list came
    // after it), or arrived twice.
    const bool isNew = seq > existing->lastSeq;
    if (isNew)
        existing->lastSeq = seq;
    if (at.isValid() && at > existing->updatedAt)
        existing->updatedAt = at;
    if (isNew && source == EventSource::Others && seq > existing->lastReadSeq
        && convId != m_inFront)
        ++existing->unread;
    if (source == EventSource::Own && seq > existing->lastReadSeq) {
        // Sending reads everything before it (the server moved the marker too).
        existing->lastReadSeq = seq;
        if (seq >= existing->lastSeq)
            existing->unread = 0;
    }
    upsert(*existing);
}

bool ConversationListModel::markRead(const QString& convId, qint64 seq)
{
    const int row = rowOf(convId);
    if (row < 0)
        return false;
    protocol::Conversation c = m_items.at(row);
    if (seq <= c.lastReadSeq && c.unread == 0)
        return false;
    c.lastReadSeq = std::max(c.lastReadSeq, seq);
    if (c.lastReadSeq >= c.lastSeq)
        c.unread = 0;
    replaceAt(row, c);
    return true;
}

void ConversationListModel::applyPresence(const protocol::PresenceEvent& event)
{
    for (int row = 0; row < m_items.size(); ++row) {
        protocol::Conversation c = m_items.at(row);
        bool changed = false;
        for (auto& member : c.members) {
            if (member.id != event.user.id)
                continue;
            member.presence = event.state;
            member.lastSeen
                = event.state == protocol::PresenceState::Offline ? event.lastSeen : QDateTime();
            changed = true;
        }
        if (!changed)
            continue;
        replaceAt(row, c);
        Q_EMIT membersChanged(c.convId);
    }
}

void ConversationListModel::applyRead(const protocol::ReadEvent& event)
{
    const int row = rowOf(event.convId);
    if (row < 0)
        return;
    protocol::Conversation c = m_items.at(row);
    if (!m_self.id.isEmpty() && event.userId == m_self.id) {
        // Our own marker (maybe moved on another device): the server's count wins.
        c.lastReadSeq = std::max(c.lastReadSeq, event.seq);
        if (event.unread)
            c.unread = *event.unread;
        else if (c.lastReadSeq >= c.lastSeq)
            c.unread = 0;
    } else {
        bool known = false;
        for (auto& member : c.members) {
            if (member.id == event.userId) {
                member.lastReadSeq = std::max(member.lastReadSeq, event.seq);
                known = true;
            }
        }
        if (!known)
            return;
    }
    replaceAt(row, c);
}

void ConversationListModel::handleLiveEvent(const protocol::ServerMessage& message)
{
    const auto now = QDateTime::currentDateTimeUtc();
    if (const auto* event = std::get_if<protocol::MessageEvent>(&message)) {
        const auto& author = event->message.author;
        const bool own = author.kind == protocol::AuthorKind::User && author.id == m_self.id;
        noteEvent(event->convId, event->seq, event->message.createdAt,
            own ? EventSource::Own : EventSource::Others);
    } else if (const auto* start = std::get_if<protocol::GenerationStart>(&message)) {
        // A reply is a message by someone else (the assistant), stored at its start's seq.
        noteEvent(start->convId, start->seq, now, EventSource::Others);
    } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&message)) {
        noteEvent(end->convId, end->seq, now);
    } else if (const auto* presence = std::get_if<protocol::PresenceEvent>(&message)) {
        applyPresence(*presence);
    } else if (const auto* read = std::get_if<protocol::ReadEvent>(&message)) {
        applyRead(*read);
    }
}

QString ConversationListModel::newestConvId() const
{
    const auto it = std::min_element(m_items.cbegin(), m_items.cend(),
        [](const auto& a, const auto& b) { return a.updatedAt > b.updatedAt; });
    return it == m_items.cend() ? QString() : it->convId;
}

QString ConversationListModel::directMessageWith(const QString& username) const
{
    for (const auto& c : m_items) {
        const auto* peer = dmPeer(c, m_self);
        if (peer && peer->name.compare(username, Qt::CaseInsensitive) == 0)
            return c.convId;
    }
    return {};
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

void ConversationListModel::updateTotalUnread()
{
    int total = 0;
    for (const auto& c : std::as_const(m_items))
        total += int(c.unread);
    if (total == m_totalUnread)
        return;
    m_totalUnread = total;
    Q_EMIT totalUnreadChanged();
}

} // namespace palaver::client
