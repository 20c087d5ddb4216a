import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// One message: the user's own on the right in the accent colour, the assistant's on the left as
/// selectable Markdown, a delegate per block (ReplyBlocks; its "Thinking" block above), other
/// people's (rooms and DMs) on the left with their initial and, in rooms, their name; and a status line under it: sending,
/// queued or failed with their actions, why a reply did not complete, or the tokens it used,
/// with Continue / Retry beside it once a reply has ended. The assistant's Markdown is
/// sanitised (SafeMarkdown): it fetches nothing, its inline HTML is text, and only its http(s)
/// links open, on a click.
Item {
    id: bubble

    required property string msgId
    required property string clientMsgId
    required property string authorName
    required property string text
    required property string status
    required property string errorText
    required property bool isAssistant
    required property bool isStreaming
    required property bool canEdit
    required property string reasoning
    required property bool reasoningExpanded
    required property string usageText
    required property bool canContinue
    required property bool canRetry
    /// The signed-in user wrote it (by their user id, or sent from this device): on the right.
    required property bool isOwn

    /// The inline editor is open (a view state only: the text is saved through editRequested).
    property bool editing: false
    /// Names above other people's messages (rooms).
    property bool showAuthor: false

    readonly property int padding: 14
    readonly property real maxTextWidth: Math.min(bubble.width * 0.72, 720) - 2 * padding
    /// Nothing to show in a bubble: an empty reply that failed before its first word.
    readonly property bool bodyless: bubble.text.length === 0 && !bubble.isStreaming

    signal sendNowRequested(string clientMsgId)
    signal removeRequested(string clientMsgId)
    signal retryRequested(string clientMsgId)
    signal editRequested(string clientMsgId, string text)
    signal reasoningToggleRequested(string msgId)
    signal continueReplyRequested(string msgId)
    signal retryReplyRequested(string msgId)

    implicitHeight: Math.max(column.height, bubble.isOwn ? 0 : avatar.height)

    // An edit only makes sense while the message is still unsent.
    onCanEditChanged: if (!bubble.canEdit) bubble.editing = false

    Avatar {
        id: avatar
        objectName: "bubbleAvatar"
        visible: !bubble.isOwn
        x: Theme.pageMargin
        size: 30
        assistant: bubble.isAssistant
        name: bubble.authorName
    }

    Column {
        id: column
        x: bubble.isOwn ? Theme.pageMargin : avatar.x + avatar.width + 10
        width: bubble.width - x - Theme.pageMargin
        spacing: 4

        Label {
            objectName: "authorName"
            visible: bubble.showAuthor && !bubble.isOwn
            leftPadding: 4
            textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
            text: bubble.authorName
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
        }

        ThinkingBlock {
            objectName: "thinkingBlock"
            visible: bubble.reasoning.length > 0
            width: Math.min(column.width, bubble.maxTextWidth + 2 * bubble.padding)
            reasoning: bubble.reasoning
            expanded: bubble.reasoningExpanded
            thinking: bubble.isStreaming && bubble.text.length === 0
            onToggleRequested: bubble.reasoningToggleRequested(bubble.msgId)
        }

        Rectangle {
            id: frame
            visible: !bubble.bodyless && !bubble.editing
            x: bubble.isOwn ? column.width - width : 0
            width: (typing.visible ? typing.width : frame.contentWidth) + 2 * bubble.padding
            height: (typing.visible ? typing.height + 4 : frame.content.height) + 2 * bubble.padding - 4
            radius: Theme.radius
            clip: true // a very long unbreakable word must not spill out of the bubble
            color: bubble.isAssistant ? Theme.assistantBubble
                 : !bubble.isOwn ? Theme.othersBubble
                 : bubble.status === "failed" ? Theme.danger : Theme.accent
            opacity: bubble.status === "pending" || bubble.status === "queued" ? 0.6 : 1
            readonly property Item content: bubble.isAssistant ? reply : body
            readonly property real contentWidth: bubble.isAssistant ? reply.childrenRect.width
                                                                    : body.width

            // People's messages: plain text.
            TextEdit {
                id: body
                objectName: "bubbleText"
                visible: !bubble.isAssistant
                x: bubble.padding
                y: bubble.padding - 2
                width: Math.min(implicitWidth, bubble.maxTextWidth)
                text: bubble.isAssistant ? "" : bubble.text
                textFormat: TextEdit.PlainText
                wrapMode: TextEdit.Wrap
                readOnly: true
                selectByMouse: true
                color: bubble.isOwn ? Theme.textOnAccent : Theme.text
                selectionColor: bubble.isOwn ? Theme.accentPressed : Theme.rowSelected
                selectedTextColor: bubble.isOwn ? Theme.textOnAccent : Theme.text
                font.pixelSize: Theme.fontSize
            }
            // An assistant's Markdown, a delegate per block.
            ReplyBlocks {
                id: reply
                objectName: "replyBlocks"
                visible: bubble.isAssistant
                x: bubble.padding
                y: bubble.padding - 2
                markdown: bubble.isAssistant ? bubble.text : ""
                streaming: bubble.isStreaming
                maxWidth: bubble.maxTextWidth
            }
            TypingDots {
                id: typing
                x: bubble.padding
                anchors.verticalCenter: parent.verticalCenter
                visible: bubble.isStreaming && bubble.text.length === 0
            }
        }

        MessageEditor {
            id: editor
            objectName: "messageEditor"
            visible: bubble.editing
            x: column.width - width
            width: Math.min(column.width, bubble.maxTextWidth + 2 * bubble.padding)
            onSaveRequested: text => {
                bubble.editRequested(bubble.clientMsgId, text);
                bubble.editing = false;
            }
            onCancelRequested: bubble.editing = false
        }

        MessageStatusRow {
            x: bubble.isOwn ? column.width - width - 4 : 4
            status: bubble.status
            errorText: bubble.errorText
            usageText: bubble.usageText
            streaming: bubble.isStreaming
            hasText: bubble.text.length > 0
            maxWidth: bubble.maxTextWidth
            // Offered once the reply has ended and its text is all shown.
            canContinue: bubble.isAssistant && bubble.canContinue && !bubble.isStreaming
            canRetry: bubble.isAssistant && bubble.canRetry && !bubble.isStreaming
            onContinueRequested: bubble.continueReplyRequested(bubble.msgId)
            onRetryRequested: bubble.retryReplyRequested(bubble.msgId)
        }

        OutboxActions {
            objectName: "outboxActions"
            x: column.width - width
            // A message waiting in the outbox can still be changed or taken back; not once it is
            // on its way (canEdit turns false while it is being sent).
            visible: !bubble.editing && bubble.canEdit
                     && (bubble.status === "pending" || bubble.status === "queued"
                         || bubble.status === "failed")
            status: bubble.status
            onSendNowRequested: bubble.sendNowRequested(bubble.clientMsgId)
            onRetryRequested: bubble.retryRequested(bubble.clientMsgId)
            onRemoveRequested: bubble.removeRequested(bubble.clientMsgId)
            onEditRequested: {
                editor.text = bubble.text;
                bubble.editing = true;
                editor.focusText();
            }
        }
    }
}
