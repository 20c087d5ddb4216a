import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// One message: the user's on the right in the accent colour, the assistant's on the left as
/// selectable Markdown, with a status line while streaming or when the reply did not complete.
Item {
    id: bubble

    required property string text
    required property string status
    required property string errorText
    required property bool isAssistant
    required property bool isStreaming

    readonly property int padding: 14
    readonly property real maxTextWidth: Math.min(bubble.width * 0.72, 720) - 2 * padding
    readonly property string statusText: {
        switch (bubble.status) {
        case "pending":
            return qsTr("Sending…");
        case "streaming":
            return bubble.text.length > 0 ? qsTr("Writing…") : "";
        case "stopped":
            return qsTr("Stopped");
        case "interrupted":
            return qsTr("Interrupted: the reply was cut off");
        case "error":
            return bubble.errorText.length > 0 ? bubble.errorText : qsTr("The reply failed");
        default:
            return bubble.isStreaming ? qsTr("Writing…") : "";
        }
    }

    /// Nothing to show in a bubble: an empty reply that failed before its first word.
    readonly property bool bodyless: bubble.text.length === 0 && !bubble.isStreaming

    implicitHeight: bubble.bodyless ? Math.max(avatar.height, statusLine.height)
                                    : frame.height + (statusLine.visible ? statusLine.height + 4 : 0)

    Image {
        id: avatar
        visible: bubble.isAssistant
        x: Theme.pageMargin
        width: 30
        height: 30
        source: "icons/palaver-256.png"
        sourceSize.width: 30
        sourceSize.height: 30
    }

    Rectangle {
        id: frame
        visible: !bubble.bodyless
        x: bubble.isAssistant ? avatar.x + avatar.width + 10
                              : bubble.width - width - Theme.pageMargin
        width: (typing.visible ? typing.width : body.width) + 2 * bubble.padding
        height: (typing.visible ? typing.height + 4 : body.height) + 2 * bubble.padding - 4
        radius: Theme.radius
        clip: true // a very long unbreakable word must not spill out of the bubble
        color: bubble.isAssistant ? Theme.assistantBubble : Theme.accent
        opacity: bubble.status === "pending" ? 0.6 : 1

        TextEdit {
            id: body
            objectName: "bubbleText"
            x: bubble.padding
            y: bubble.padding - 2
            width: Math.min(implicitWidth, bubble.maxTextWidth)
            text: bubble.text
            textFormat: bubble.isAssistant ? TextEdit.MarkdownText : TextEdit.PlainText
            wrapMode: TextEdit.Wrap
            readOnly: true
            selectByMouse: true
            color: bubble.isAssistant ? Theme.text : Theme.textOnAccent
            selectionColor: bubble.isAssistant ? Theme.rowSelected : Theme.accentPressed
            selectedTextColor: bubble.isAssistant ? Theme.text : Theme.textOnAccent
            font.pixelSize: Theme.fontSize
        }
        MarkdownStyle {
            textEdit: bubble.isAssistant ? body : null
            paragraphSpacing: 8
            codeBackground: "#e4e4e9"
        }
        TypingDots {
            id: typing
            x: bubble.padding
            anchors.verticalCenter: parent.verticalCenter
            visible: bubble.isStreaming && bubble.text.length === 0
        }
    }

    Label {
        id: statusLine
        objectName: "statusLine"
        visible: text.length > 0
        y: frame.visible ? frame.height + 4 : (avatar.height - height) / 2
        x: bubble.isAssistant ? frame.x + 4 : frame.x + frame.width - width - 4
        width: Math.min(implicitWidth, bubble.maxTextWidth)
        text: bubble.statusText
        wrapMode: Text.Wrap
        color: bubble.status === "error" || bubble.status === "interrupted" ? Theme.danger
                                                                            : Theme.textMuted
        font.pixelSize: Theme.smallFontSize
    }
}
