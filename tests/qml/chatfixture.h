#pragma once

#include "chat/messagelistmodel.h"
#include "rooms/memberlistmodel.h"
#include "session/modellistmodel.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace palaver::ui::test {

/// Plays one exchange into a MessageListModel, step by step as the QML test asks: a user
/// message (by Ada, u-ada, the signed-in user), then an assistant reply in bursts through
/// appendDelta, then finishMessage.
class ChatFixture : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(palaver::client::MessageListModel* messages READ messages CONSTANT)
    /// Two models: "other" (m-other) and the default "demo" (m-demo).
    Q_PROPERTY(palaver::client::ModelListModel* models READ models CONSTANT)
    /// True from startReply() until finishReply(), as ChatController::streaming would be.
    Q_PROPERTY(bool streaming READ streaming NOTIFY streamingChanged)
    /// The whole reply the bursts add up to.
    Q_PROPERTY(QString reply READ reply CONSTANT)
    Q_PROPERTY(int burstCount READ burstCount CONSTANT)
    /// The member panel's people (fillMembers()).
    Q_PROPERTY(palaver::client::MemberListModel* members READ members CONSTANT)

public:
    explicit ChatFixture(QObject* parent = nullptr);

    palaver::client::MessageListModel* messages() { return &m_messages; }
    palaver::client::ModelListModel* models() { return &m_models; }
    palaver::client::MemberListModel* members() { return &m_members; }
    bool streaming() const { return m_streaming; }
    QString reply() const { return m_bursts.join(QString()); }
    int burstCount() const { return int(m_bursts.size()); }

    Q_INVOKABLE void reset();
    Q_INVOKABLE void addUserMessage(const QString& text);
    /// The assistant's row appears, streaming and still empty.
    Q_INVOKABLE void startReply();
    /// Feeds the next burst; false when none is left.
    Q_INVOKABLE bool sendBurst();
    /// Thinking text of the reply arrives (a delta's `reasoning`).
    Q_INVOKABLE void sendReasoning(const QString& text);
    /// The stored final message arrives; `inputTokens` ≥ 0 gives it a usage.
    Q_INVOKABLE void finishReply(int inputTokens = -1, int outputTokens = 0);
    /// A user message in the outbox: `state` is "pending", "queued" or "failed" (with
    /// `errorText`). Returns its clientMsgId.
    Q_INVOKABLE QString addOutboxMessage(
        const QString& text, const QString& state, const QString& errorText = {});
    /// A finished assistant message with `status` ("complete", "stopped", "interrupted",
    /// "error"); `errorText` is given as the generation's error. Returns its msgId.
    Q_INVOKABLE QString addAssistantMessage(
        const QString& text, const QString& status, const QString& errorText = {});
    /// Gives `session` (a ClientSession) three conversations, newest first: "Alpha", "Beta",
    /// "Gamma" with ids conv-a, conv-b, conv-c.
    Q_INVOKABLE void fillConversations(QObject* session) const;
    /// Gives `session` the conversations of every kind, as the user "Ada" (u-ada) sees them:
    /// rooms "Team" (owner, 3 unread, 4 people) and "Book club" (member, 150 unread), DMs with
    /// "bob" (online, 1 unread) and "carol" (offline), and the AI chat "Alpha". The list orders
    /// them; `fillConversations` aside, these ids are room-team, room-books, dm-bob, dm-carol,
    /// ai-alpha.
    Q_INVOKABLE void fillRooms(QObject* session) const;
    /// The member panel of "Team": the assistant "Demo", Ada (the user, owner), bob (online),
    /// carol (offline, last seen 20 minutes ago) and dave (away).
    Q_INVOKABLE void fillMembers();
    /// The assistant row's "writing…" (a reply streams).
    Q_INVOKABLE void setWriting(bool writing);
    /// A message by someone else (`name`, id u-`name` unless `userId` is given) in the room.
    Q_INVOKABLE void addMessageFrom(
        const QString& name, const QString& text, const QString& userId = {});
    /// Where a test may save an image: <build>/screenshots/`name`.
    Q_INVOKABLE QString artifactPath(const QString& name) const;

Q_SIGNALS:
    void streamingChanged();

private:
    void setStreaming(bool streaming);

    palaver::client::MessageListModel m_messages;
    palaver::client::ModelListModel m_models;
    palaver::client::MemberListModel m_members;
    QStringList m_bursts;
    int m_sent = 0;
    int m_userMessages = 0;
    int m_assistantMessages = 0;
    int m_outboxMessages = 0;
    bool m_streaming = false;
};

} // namespace palaver::ui::test
