#pragma once

// Makes the client core's classes (which know nothing of QML) QML types of Palaver.UI.
// The core stays free of QtQml; these wrappers are read by qmltyperegistrar only.

#include "announcements/announcementlistmodel.h"
#include "chat/chatcontroller.h"
#include "chat/conversationlistmodel.h"
#include "chat/markdownblockmodel.h"
#include "chat/messagelistmodel.h"
#include "rooms/memberlistmodel.h"
#include "rooms/notifier.h"
#include "session/certificatecheck.h"
#include "session/clientsession.h"
#include "session/modellistmodel.h"

#include <QtQml/qqml.h>

namespace palaver::ui {

/// `ClientSession {}` in QML: the app's one session, created by Main.qml.
struct ClientSessionForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::ClientSession)
    QML_NAMED_ELEMENT(ClientSession)
};

/// The session's chat (`session.chat`); not created from QML.
struct ChatControllerForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::ChatController)
    QML_NAMED_ELEMENT(ChatController)
    QML_UNCREATABLE("The chat belongs to a ClientSession.")
};

/// The session's conversations (`session.conversations`); not created from QML.
struct ConversationListModelForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::ConversationListModel)
    QML_NAMED_ELEMENT(ConversationListModel)
    QML_UNCREATABLE("The conversation list belongs to a ClientSession.")
};

/// The open conversation's messages (`session.chat.messages`); not created from QML.
struct MessageListModelForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::MessageListModel)
    QML_NAMED_ELEMENT(MessageListModel)
    QML_UNCREATABLE("The messages belong to a ChatController.")
};

/// `MarkdownBlockModel { text: ...; streaming: ... }`: one reply's Markdown blocks, made by
/// each assistant bubble (ReplyBlocks.qml).
struct MarkdownBlockModelForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::MarkdownBlockModel)
    QML_NAMED_ELEMENT(MarkdownBlockModel)
};

/// The server's models (`session.models`); not created from QML.
struct ModelListModelForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::ModelListModel)
    QML_NAMED_ELEMENT(ModelListModel)
    QML_UNCREATABLE("The models belong to a ClientSession.")
};

/// The open room's people and assistant (`session.chat.members`); not created from QML.
struct MemberListModelForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::MemberListModel)
    QML_NAMED_ELEMENT(MemberListModel)
    QML_UNCREATABLE("The members belong to a ChatController.")
};

/// Desktop notifications due (`session.notifier`); not created from QML.
struct NotifierForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::Notifier)
    QML_NAMED_ELEMENT(Notifier)
    QML_UNCREATABLE("The notifier belongs to a ClientSession.")
};

/// The operator's announcements (`session.announcements`); not created from QML.
struct AnnouncementListModelForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::AnnouncementListModel)
    QML_NAMED_ELEMENT(AnnouncementListModel)
    QML_UNCREATABLE("The announcements belong to a ClientSession.")
};

/// The certificate just refused (`session.certificate`); not created from QML.
struct CertificateCheckForeign
{
    Q_GADGET
    QML_FOREIGN(palaver::client::CertificateCheck)
    QML_NAMED_ELEMENT(CertificateCheck)
    QML_UNCREATABLE("The certificate check belongs to a ClientSession.")
};

} // namespace palaver::ui
