import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// Edits the text of a message not sent yet, in place of its bubble: Save or Cancel.
Column {
    id: editor

    /// The text to start from (set when the editor opens).
    property alias text: input.text

    signal saveRequested(string text)
    signal cancelRequested

    function focusText() {
        input.forceActiveFocus();
        input.cursorPosition = input.length;
    }

    spacing: 4

    Rectangle {
        width: editor.width
        height: Math.min(Math.max(input.implicitHeight, 40), 160) + 12
        radius: Theme.radius
        color: Theme.background
        border.width: 2
        border.color: Theme.accent

        ScrollView {
            anchors.fill: parent
            anchors.margins: 6

            TextArea {
                id: input
                objectName: "editorInput"
                wrapMode: TextArea.Wrap
                font.pixelSize: Theme.fontSize
                color: Theme.text
                selectByMouse: true
                selectionColor: Theme.rowSelected
                selectedTextColor: Theme.text
                background: null
                Keys.onEscapePressed: editor.cancelRequested()
            }
        }
    }
    Row {
        anchors.right: parent.right
        spacing: 2

        GhostButton {
            objectName: "editorCancel"
            text: qsTr("Cancel")
            onClicked: editor.cancelRequested()
        }
        GhostButton {
            objectName: "editorSave"
            enabled: input.text.trim().length > 0
            text: qsTr("Save")
            textColor: Theme.accent
            onClicked: editor.saveRequested(input.text)
        }
    }
}
