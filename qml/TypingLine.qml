import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// "alice is typing…" under the messages of a room or DM. It keeps its height while empty so the
/// messages do not jump each time someone starts or stops typing.
Item {
    id: line

    /// What the chat says (empty: nobody is typing).
    required property string text

    implicitHeight: 22

    Row {
        anchors.left: parent.left
        anchors.leftMargin: Theme.pageMargin + 4
        anchors.verticalCenter: parent.verticalCenter
        spacing: 8
        visible: line.text.length > 0

        TypingDots {
            anchors.verticalCenter: parent.verticalCenter
            scale: 0.7
        }
        Label {
            objectName: "typingText"
            anchors.verticalCenter: parent.verticalCenter
            textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
            text: line.text
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.italic: true
        }
    }
}
