import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The open conversation: a header, the messages (following a streaming reply unless the user
/// scrolled up), an empty state, and the composer. Header items (the connection indicator) are
/// given as children.
Rectangle {
    id: view

    /// The messages of the open conversation, oldest first.
    property MessageListModel messages
    property string title
    /// Under the title: the model that answers.
    property string subtitle
    /// The last thing that went wrong in the chat; shown above the composer.
    property string errorText
    /// Identifies the open conversation; when it changes the view shows the newest messages.
    property string conversationId
    /// A reply is streaming into the open conversation.
    property bool streaming: false
    /// The server's models, for the picker in the header.
    property ModelListModel models
    /// The model id of the open conversation.
    property string currentModel
    /// The system prompt of the open conversation (the settings dialog edits it).
    property string systemPrompt
    /// False: a message cannot go anywhere now (a new conversation needs a connection).
    property bool canSend: true
    /// Items shown at the right of the header.
    default property alias headerItems: header.items

    signal sendRequested(string text)
    signal stopRequested
    // What the bubbles ask for a message not sent yet, by its clientMsgId.
    signal sendNowRequested(string clientMsgId)
    signal removeRequested(string clientMsgId)
    signal retryRequested(string clientMsgId)
    signal editRequested(string clientMsgId, string text)
    signal continueReplyRequested(string msgId)
    signal retryReplyRequested(string msgId)
    signal modelRequested(string modelId)
    signal systemPromptRequested(string systemPrompt)

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ChatHeader {
            id: header
            Layout.fillWidth: true
            title: view.title
            subtitle: view.subtitle
            models: view.models
            currentModel: view.currentModel
            onModelRequested: id => view.modelRequested(id)
            onSettingsRequested: settingsDialog.openWith(view.systemPrompt)
        }

        MessageList {
            id: messageList
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: view.messages
            conversationKey: view.conversationId
            onSendNowRequested: id => view.sendNowRequested(id)
            onRemoveRequested: id => view.removeRequested(id)
            onRetryRequested: id => view.retryRequested(id)
            onEditRequested: (id, text) => view.editRequested(id, text)
            onContinueReplyRequested: id => view.continueReplyRequested(id)
            onRetryReplyRequested: id => view.retryReplyRequested(id)
            // Open or closed is kept by the model, so it survives the delegate.
            onReasoningToggleRequested: id => view.messages.toggleReasoning(id)

            Column {
                anchors.centerIn: parent
                visible: messageList.count === 0
                spacing: 10

                Image {
                    anchors.horizontalCenter: parent.horizontalCenter
                    source: "icons/palaver-256.png"
                    sourceSize.width: 56
                    sourceSize.height: 56
                    opacity: 0.9
                }
                Label {
                    objectName: "emptyState"
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Start a conversation")
                    color: Theme.text
                    font.pixelSize: 20
                    font.weight: Font.DemiBold
                }
                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Ask anything. Replies appear as they are written.")
                    color: Theme.textMuted
                    font.pixelSize: 14
                }
            }
        }

        Rectangle {
            objectName: "chatError"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.pageMargin
            Layout.rightMargin: Theme.pageMargin
            visible: view.errorText.length > 0
            implicitHeight: errorLabel.implicitHeight + 16
            radius: Theme.smallRadius
            color: "#fef2f2"
            border.color: "#fecaca"

            Label {
                id: errorLabel
                anchors.fill: parent
                anchors.leftMargin: 12
                anchors.rightMargin: 12
                verticalAlignment: Text.AlignVCenter
                text: view.errorText
                wrapMode: Text.Wrap
                color: Theme.danger
                font.pixelSize: 13
            }
        }

        Composer {
            Layout.fillWidth: true
            streaming: view.streaming
            canSend: view.canSend
            onSendRequested: text => view.sendRequested(text)
            onStopRequested: view.stopRequested()
        }
    }

    ConversationSettingsDialog {
        id: settingsDialog
        objectName: "settingsDialog"
        onSystemPromptRequested: prompt => view.systemPromptRequested(prompt)
    }
}
