#pragma once

#include "protocol/messages.h"

#include <QAbstractListModel>

namespace palaver::client {

/// The signed-in user's conversations, newest `updatedAt` first. The invokables only ask for a
/// change (signals the session turns into requests); the list changes when the server answers.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        ConvIdRole = Qt::UserRole + 1,
        TitleRole,
        ModelRole,
        UpdatedAtRole,
        LastSeqRole,
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Asks the server for a new conversation; the chat opens it when the server answers.
    Q_INVOKABLE void createConversation(const QString& title = {});
    Q_INVOKABLE void rename(const QString& convId, const QString& title);
    Q_INVOKABLE void remove(const QString& convId);

    void setConversations(const QList<protocol::Conversation>& conversations);
    /// Inserts or replaces by convId and keeps the order.
    void upsert(const protocol::Conversation& conversation);
    void removeById(const QString& convId);
    /// A stored event arrived: raises lastSeq and moves the conversation up.
    void noteEvent(const QString& convId, qint64 seq, const QDateTime& at);
    std::optional<protocol::Conversation> conversation(const QString& convId) const;
    int rowOf(const QString& convId) const;

Q_SIGNALS:
    void countChanged();
    void createRequested(const QString& title);
    void renameRequested(const QString& convId, const QString& title);
    void removeRequested(const QString& convId);

private:
    /// Where a conversation updated at `updatedAt` belongs (newest first, stable among equals).
    int insertionRow(const protocol::Conversation& conversation) const;

    QList<protocol::Conversation> m_items;
};

} // namespace palaver::client
