import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// One row of the conversation list: title, when it last changed, and a menu to rename or delete.
ItemDelegate {
    id: row

    required property string convId
    required property string title
    required property date updatedAt
    /// The conversation open in the chat view (this row is highlighted when it is that one).
    property string currentConvId
    readonly property bool current: convId === currentConvId

    signal openRequested(string convId)
    signal renameRequested(string convId, string title)
    signal deleteRequested(string convId, string title)

    height: 56
    leftPadding: 12
    rightPadding: 6
    hoverEnabled: true

    background: Rectangle {
        radius: Theme.smallRadius
        color: row.current ? Theme.rowSelected : row.hovered ? Theme.rowHover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 4

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                Layout.fillWidth: true
                text: row.title.length > 0 ? row.title : qsTr("New chat")
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: 14
                font.weight: row.current ? Font.DemiBold : Font.Normal
            }
            Label {
                Layout.fillWidth: true
                text: RelativeTime.format(row.updatedAt, RelativeTime.now)
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
        }
        GhostButton {
            objectName: "rowMenuButton"
            Layout.preferredWidth: 32
            Layout.preferredHeight: 30
            opacity: row.hovered || row.current || rowMenu.visible ? 1 : 0
            leftPadding: 0
            rightPadding: 0
            text: "⋯"
            font.pixelSize: 16
            onClicked: rowMenu.popup()
        }
    }

    onClicked: row.openRequested(row.convId)
    onDoubleClicked: row.renameRequested(row.convId, row.title)

    Menu {
        id: rowMenu

        MenuItem {
            text: qsTr("Rename…")
            onTriggered: row.renameRequested(row.convId, row.title)
        }
        MenuItem {
            text: qsTr("Delete…")
            onTriggered: row.deleteRequested(row.convId, row.title)
        }
    }
}
