#pragma once

#include "protocol/messages.h"

#include <QObject>

#include <functional>
#include <optional>

namespace palaver::client {

/// The model and system prompt of the open conversation, or, in the empty chat, of the next new
/// one. A change shows at once and goes out as `conversation.update`; when the server refuses it
/// (or it cannot go) the server's value shows again and errorOccurred says why.
class ConversationSettings : public QObject
{
    Q_OBJECT

public:
    /// Sends a request; returns its id, or empty when it could not go.
    using Sender = std::function<QString(const protocol::ClientMessage&)>;

    explicit ConversationSettings(Sender send, QObject* parent = nullptr);

    /// The model id shown (the default model when the conversation names none).
    QString model() const { return m_model; }
    QString systemPrompt() const { return m_systemPrompt; }

    /// The model of a conversation that names none (the welcome's default).
    void setDefaultModel(const QString& modelId);
    /// Another conversation is open (empty: the empty chat); `known` is what the list says of it.
    void open(const QString& convId, const std::optional<protocol::Conversation>& known);
    /// The server's word on a conversation (an answer, a pushed change, the list). While our own
    /// change is on its way only its answer (`replyId`) counts.
    void apply(const protocol::Conversation& conversation, const QString& replyId = {});
    void setModel(const QString& modelId);
    void setSystemPrompt(const QString& systemPrompt);
    /// Puts what was chosen in the empty chat into `create`.
    void fillCreate(protocol::ConversationCreate& create) const;
    /// True when `error` answers our update (the old values show again).
    bool handleError(const protocol::Error& error);

Q_SIGNALS:
    void changed();
    void errorOccurred(const QString& text);

private:
    /// Shows what the server (or the draft) says.
    void showKnown();
    void show(const QString& model, const QString& systemPrompt);
    /// Sends `update` for the open conversation; false (and errorOccurred) when it cannot go.
    bool sendUpdate(protocol::ConversationUpdate update);

    Sender m_send;
    QString m_convId;
    std::optional<protocol::Conversation> m_known;
    QString m_defaultModel;
    QString m_draftModel;
    QString m_draftSystemPrompt;
    QString m_model;
    QString m_systemPrompt;
    QString m_updateRequestId;
};

} // namespace palaver::client
