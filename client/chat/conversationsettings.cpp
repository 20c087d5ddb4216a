#include "chat/conversationsettings.h"

namespace palaver::client {

ConversationSettings::ConversationSettings(Sender send, QObject* parent)
    : QObject(parent)
    , m_send(std::move(send))
{ }

void ConversationSettings::setDefaultModel(const QString& modelId)
{
    m_defaultModel = modelId;
    showKnown();
}

void ConversationSettings::open(
    const QString& convId, const std::optional<protocol::Conversation>& known)
{
    m_convId = convId;
    m_known = known;
    m_updateRequestId.clear();
    if (!convId.isEmpty()) {
        // The draft became this conversation (or was left): it starts afresh next time.
        m_draftModel.clear();
        m_draftSystemPrompt.clear();
    }
    showKnown();
}

void ConversationSettings::apply(const protocol::Conversation& conversation, const QString& replyId)
{
    if (m_convId.isEmpty() || conversation.convId != m_convId)
        return;
    m_known = conversation;
    if (!m_updateRequestId.isEmpty()) {
        if (replyId != m_updateRequestId)
            return; // our change is on its way: it is shown already
        m_updateRequestId.clear();
    }
    showKnown();
}

void ConversationSettings::showKnown()
{
    if (m_convId.isEmpty())
        show(m_draftModel, m_draftSystemPrompt);
    else
        show(m_known ? m_known->model : QString(), m_known ? m_known->systemPrompt : QString());
}

void ConversationSettings::show(const QString& model, const QString& systemPrompt)
{
    const QString shownModel = model.isEmpty() ? m_defaultModel : model;
    if (shownModel == m_model && systemPrompt == m_systemPrompt)
        return;
    m_model = shownModel;
    m_systemPrompt = systemPrompt;
    Q_EMIT changed();
}

bool ConversationSettings::sendUpdate(protocol::ConversationUpdate update)
{
    update.convId = m_convId;
    const QString id = m_send(update);
    if (id.isEmpty()) {
        Q_EMIT errorOccurred(tr("You are offline: the conversation settings were not changed."));
        Q_EMIT changed(); // a picker that moved goes back to what stays
        return false;
    }
    m_updateRequestId = id;
    return true;
}

void ConversationSettings::setModel(const QString& modelId)
{
    if (modelId == m_model)
        return;
    if (m_convId.isEmpty()) {
        m_draftModel = modelId;
        showKnown();
        return;
    }
    protocol::ConversationUpdate update;
    update.model = modelId;
    if (sendUpdate(update))
        show(modelId, m_systemPrompt);
}

void ConversationSettings::setSystemPrompt(const QString& systemPrompt)
{
    if (systemPrompt == m_systemPrompt)
        return;
    if (m_convId.isEmpty()) {
        m_draftSystemPrompt = systemPrompt;
        showKnown();
        return;
    }
    protocol::ConversationUpdate update;
    update.systemPrompt = systemPrompt;
    if (sendUpdate(update))
        show(m_model, systemPrompt);
}

void ConversationSettings::fillCreate(protocol::ConversationCreate& create) const
{
    if (!m_draftModel.isEmpty())
        create.model = m_draftModel;
    if (!m_draftSystemPrompt.isEmpty())
        create.systemPrompt = m_draftSystemPrompt;
}

bool ConversationSettings::handleError(const protocol::Error& error)
{
    if (error.id.isEmpty() || error.id != m_updateRequestId)
        return false;
    m_updateRequestId.clear();
    Q_EMIT errorOccurred(tr("Could not change the conversation settings: %1").arg(error.message));
    showKnown();
    return true;
}

} // namespace palaver::client
