#pragma once

#include "protocol/messages.h"
#include "rooms/peers.h"

#include <QAbstractListModel>

namespace palaver::client {

/// The signed-in user's conversations: rooms, then direct messages, then AI chats, newest
/// `updatedAt` first inside each kind. Each row knows its members (with their presence and read
/// markers) and the user's unread count, kept current by the server's `presence` and `read`
/// pushes and by live events (an event by someone else adds one unless the conversation is in
/// front). The invokables only ask for a change (signals the session turns into requests); the
/// list changes when the server answers.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    /// The unread messages of every conversation together (the window title's hint).
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)

public:
    enum Role {
        ConvIdRole = Qt::UserRole + 1,
        TitleRole,
        ModelRole,
        UpdatedAtRole,
        LastSeqRole,
        /// "ai" | "room" | "dm" (QML's list sections)
        KindRole,
        /// The title; for a DM the other person's name.
        DisplayTitleRole,
        /// Messages by others after the user's read marker.
        UnreadRole,
        /// The user owns it (may rename, invite, remove and delete).
        IsOwnerRole,
        /// For a DM the other person's presence ("online" | "away" | "offline"); "" otherwise.
        PeerPresenceRole,
        /// The people in a room or DM; 0 for an AI chat.
        MemberCountRole,
    };
    Q_ENUM(Role)

    /// Where a live event came from, for the unread count.
    enum class EventSource {
        /// Not a message (a reply's end): moves lastSeq only.
        Neutral,
        /// A message or reply by someone else: unread unless the conversation is in front.
        Others,
        /// The user's own message: the server moved their read marker to it.
        Own,
    };

    explicit ConversationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int totalUnread() const { return m_totalUnread; }

    /// Asks the server for a new conversation; the chat opens it when the server answers.
    Q_INVOKABLE void createConversation(const QString& title = {});
    Q_INVOKABLE void rename(const QString& convId, const QString& title);
    Q_INVOKABLE void remove(const QString& convId);

    /// The signed-in user (their id from `welcome`; before that, their name).
    void setSelf(const QString& userId, const QString& name);
    QString selfUserId() const { return m_self.id; }
    const Self& self() const { return m_self; }
    /// The conversation the user is looking at (open, and the window active); empty when none.
    void setInFront(const QString& convId);
    QString inFront() const { return m_inFront; }

    void setConversations(const QList<protocol::Conversation>& conversations);
    /// Inserts or replaces by convId and keeps the order.
    void upsert(const protocol::Conversation& conversation);
    void removeById(const QString& convId);
    /// A stored event arrived live: raises lastSeq, moves the conversation up and counts it as
    /// unread when `source` says so.
    void noteEvent(const QString& convId, qint64 seq, const QDateTime& at,
        EventSource source = EventSource::Neutral);
    /// The user read `convId` up to `seq` (sent `read`): the marker moves, nothing before it is
    /// unread. Returns false when the marker was there already.
    bool markRead(const QString& convId, qint64 seq);
    /// A `presence` push: every conversation holding that person shows it.
    void applyPresence(const protocol::PresenceEvent& event);
    /// A `read` push: the user's own marker and unread count, or another member's marker.
    void applyRead(const protocol::ReadEvent& event);
    /// Keeps the list current with a live server message: events (lastSeq, order, unread; the
    /// user's own messages read everything before them), `presence` and `read` pushes.
    void handleLiveEvent(const protocol::ServerMessage& message);
    std::optional<protocol::Conversation> conversation(const QString& convId) const;
    int rowOf(const QString& convId) const;
    /// The conversation updated last, of any kind; empty when the list is.
    QString newestConvId() const;
    /// The DM with `username` (case-insensitive); empty when there is none.
    QString directMessageWith(const QString& username) const;

Q_SIGNALS:
    void countChanged();
    void totalUnreadChanged();
    /// The members, the user's role or the model of `convId` changed (the member panel).
    void membersChanged(const QString& convId);
    void createRequested(const QString& title);
    void renameRequested(const QString& convId, const QString& title);
    void removeRequested(const QString& convId);

private:
    /// Where `conversation` belongs (kind, then newest first; stable among equals).
    int insertionRow(const protocol::Conversation& conversation) const;
    /// Replaces row `row` in place (no move) and says so.
    void replaceAt(int row, const protocol::Conversation& conversation);
    void updateTotalUnread();

    QList<protocol::Conversation> m_items;
    Self m_self;
    QString m_inFront;
    int m_totalUnread = 0;
};

} // namespace palaver::client
