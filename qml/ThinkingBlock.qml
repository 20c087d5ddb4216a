import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The model's thinking above its reply: a "Thinking" header that opens and closes the text.
/// Whether it is open is the model's decision (`expanded`); a click asks to toggle it.
Column {
    id: block

    /// The thinking text streamed so far.
    required property string reasoning
    /// Open: the text shows under the header.
    required property bool expanded
    /// Still thinking (no reply text yet): the header says so.
    property bool thinking: false

    signal toggleRequested

    spacing: 4

    GhostButton {
        objectName: "thinkingToggle"
        leftPadding: 4
        text: (block.expanded ? "▾ " : "▸ ") + (block.thinking ? qsTr("Thinking…") : qsTr("Thinking"))
        onClicked: block.toggleRequested()
    }
    Rectangle {
        visible: block.expanded
        width: block.width
        height: reasoningText.implicitHeight + 16
        radius: Theme.smallRadius
        color: Theme.surface
        border.color: Theme.border

        Label {
            id: reasoningText
            objectName: "thinkingText"
            x: 10
            y: 8
            width: parent.width - 20
            textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
            text: block.reasoning
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: 13
            font.italic: true
        }
    }
}
