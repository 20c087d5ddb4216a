import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

/// A labelled, rounded text field for the sign-in form.
ColumnLayout {
    id: field

    property alias label: caption.text
    property alias text: input.text
    property alias placeholderText: input.placeholderText
    property alias echoMode: input.echoMode
    property alias input: input

    signal accepted

    spacing: 6

    Label {
        id: caption
        color: Theme.textMuted
        font.pixelSize: 13
        font.weight: Font.Medium
    }
    TextField {
        id: input
        Layout.fillWidth: true
        font.pixelSize: Theme.fontSize
        color: Theme.text
        selectByMouse: true
        selectionColor: Theme.rowSelected
        selectedTextColor: Theme.text
        leftPadding: 12
        rightPadding: 12
        topPadding: 10
        bottomPadding: 10
        background: Rectangle {
            implicitHeight: 42
            radius: Theme.smallRadius
            color: Theme.background
            border.width: input.activeFocus ? 2 : 1
            border.color: input.activeFocus ? Theme.accent : Theme.border
        }
        onAccepted: field.accepted()
    }
}
