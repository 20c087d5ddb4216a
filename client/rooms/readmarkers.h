#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace palaver::client {

class ConversationListModel;

/// Moves the user's read marker while they look at a conversation: when it opens with the
/// window active, when the window becomes active, and when a new event arrives in it, `read` goes
/// up to its lastSeq (once per seq) and its unread count stays 0. Tells the list which
/// conversation is in front, so live events there are not counted as unread.
class ReadMarkers : public QObject
{
    Q_OBJECT

public:
    /// Sends a request; returns its id, or empty when it could not go (offline).
    using Sender = std::function<QString(const protocol::ClientMessage&)>;

    ReadMarkers(ConversationListModel* conversations, Sender send, QObject* parent = nullptr);

    void setOpen(const QString& convId);
    void setWindowActive(bool active);
    bool windowActive() const { return m_windowActive; }
    /// The open conversation while the window is active; empty otherwise.
    QString inFront() const;
    /// Reads the conversation in front up to its lastSeq (if it moved). Call it after anything
    /// that may have raised lastSeq or replaced the list.
    void catchUp();
    /// The connection dropped: what was sent may not have arrived; the next list says.
    void connectionLost() { m_sent.clear(); }

private:
    ConversationListModel* m_conversations;
    Sender m_send;
    QString m_open;
    bool m_windowActive = true;
    /// convId → the seq last sent in `read` on this connection.
    QHash<QString, qint64> m_sent;
};

} // namespace palaver::client
