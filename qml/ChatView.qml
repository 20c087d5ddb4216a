import QtQuick
import QtQuick.Layouts
import Palaver.UI

/// The open conversation: a header, the messages (following a streaming reply unless the user
/// scrolled up), an empty state, who is typing, and the composer; in a room or DM the member
/// panel at the right. Header items (the connection indicator) are given as children.
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
    /// "ai" | "room" | "dm"; "" when nothing is open (a new AI chat starts on sending).
    property string kind
    /// The user owns the open conversation (an AI chat is always theirs).
    property bool isOwner: true
    /// The people of a room or DM plus the assistant (the member panel).
    property MemberListModel members
    /// "alice is typing…"; empty when nobody is.
    property string typingText
    /// Carries out the member panel's actions (invite, remove, leave).
    property ChatController chat
    /// The member panel is open (the People button in the header toggles it).
    property bool membersShown: true
    /// Default items shown at the right of the header.
    default property alias headerItems: header.items

    readonly property bool multiUser: view.kind === "room" || view.kind === "dm"

    signal sendRequested(string text, bool askAssistant)
    signal stopRequested
    /// The composer's text changed (someone is typing) or was emptied.
    signal userTyping
    signal userStoppedTyping
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
            fallbackTitle: view.kind === "room" ? qsTr("New room")
                         : view.kind === "dm" ? qsTr("Direct message") : qsTr("New chat")
            subtitle: view.subtitle
            models: view.models
            currentModel: view.currentModel
            canEdit: view.kind === "ai" || view.kind === "" || (view.kind === "room" && view.isOwner)
            multiUser: view.multiUser
            membersShown: view.membersShown
            onModelRequested: id => view.modelRequested(id)
            onSettingsRequested: settingsDialog.openWith(view.systemPrompt)
            onMembersToggleRequested: view.membersShown = !view.membersShown
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                spacing: 0

                MessageList {
                    id: messageList
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    model: view.messages
                    conversationKey: view.conversationId
                    showAuthors: view.kind === "room"
                    onSendNowRequested: id => view.sendNowRequested(id)
                    onRemoveRequested: id => view.removeRequested(id)
                    onRetryRequested: id => view.retryRequested(id)
                    onEditRequested: (id, text) => view.editRequested(id, text)
                    onContinueReplyRequested: id => view.continueReplyRequested(id)
                    onRetryReplyRequested: id => view.retryReplyRequested(id)
                    // Open or closed is kept by the model, so it survives the delegate.
                    onReasoningToggleRequested: id => view.messages.toggleReasoning(id)

                    EmptyState {
                        anchors.centerIn: parent
                        visible: messageList.count === 0
                        multiUser: view.multiUser
                    }
                }
                TypingLine {
                    objectName: "typingLine"
                    Layout.fillWidth: true
                    visible: view.multiUser
                    text: view.typingText
                }
                ErrorBanner {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.pageMargin
                    Layout.rightMargin: Theme.pageMargin
                    text: view.errorText
                }
                Composer {
                    Layout.fillWidth: true
                    streaming: view.streaming
                    canSend: view.canSend
                    multiUser: view.multiUser
                    onSendRequested: (text, askAssistant) => view.sendRequested(text, askAssistant)
                    onStopRequested: view.stopRequested()
                    onUserTyping: view.userTyping()
                    onUserStoppedTyping: view.userStoppedTyping()
                }
            }

            MemberPanel {
                objectName: "memberPanel"
                Layout.preferredWidth: 250
                Layout.fillHeight: true
                visible: view.multiUser && view.membersShown && view.members !== null
                members: view.members
                chat: view.chat
                kind: view.kind
                isOwner: view.isOwner
                conversationName: view.title
            }
        }
    }

    ConversationSettingsDialog {
        id: settingsDialog
        objectName: "settingsDialog"
        onSystemPromptRequested: prompt => view.systemPromptRequested(prompt)
    }
}
