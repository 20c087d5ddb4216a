#pragma once

#include "chat/messagelistmodel.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace palaver::ui::test {

/// Plays one exchange into a MessageListModel, step by step as the QML test asks: a user
/// message, then an assistant reply in bursts through appendDelta, then finishMessage.
class ChatFixture : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(palaver::client::MessageListModel* messages READ messages CONSTANT)
    /// True from startReply() until finishReply(), as ChatController::streaming would be.
    Q_PROPERTY(bool streaming READ streaming NOTIFY streamingChanged)
    /// The whole reply the bursts add up to.
    Q_PROPERTY(QString reply READ reply CONSTANT)
    Q_PROPERTY(int burstCount READ burstCount CONSTANT)

public:
    explicit ChatFixture(QObject* parent = nullptr);

    palaver::client::MessageListModel* messages() { return &m_messages; }
    bool streaming() const { return m_streaming; }
    QString reply() const { return m_bursts.join(QString()); }
    int burstCount() const { return int(m_bursts.size()); }

    Q_INVOKABLE void reset();
    Q_INVOKABLE void addUserMessage(const QString& text);
    /// The assistant's row appears, streaming and still empty.
    Q_INVOKABLE void startReply();
    /// Feeds the next burst; false when none is left.
    Q_INVOKABLE bool sendBurst();
    /// The stored final message arrives.
    Q_INVOKABLE void finishReply();
    /// A finished assistant message with `status` ("complete", "stopped", "interrupted",
    /// "error"); `errorText` is given as the generation's error.
    Q_INVOKABLE void addAssistantMessage(
        const QString& text, const QString& status, const QString& errorText = {});
    /// Gives `session` (a ClientSession) three conversations, newest first: "Alpha", "Beta",
    /// "Gamma" with ids conv-a, conv-b, conv-c.
    Q_INVOKABLE void fillConversations(QObject* session) const;
    /// Where a test may save an image: <build>/screenshots/`name`.
    Q_INVOKABLE QString artifactPath(const QString& name) const;

Q_SIGNALS:
    void streamingChanged();

private:
    void setStreaming(bool streaming);

    palaver::client::MessageListModel m_messages;
    QStringList m_bursts;
    int m_sent = 0;
    int m_userMessages = 0;
    int m_assistantMessages = 0;
    bool m_streaming = false;
};

} // namespace palaver::ui::test
