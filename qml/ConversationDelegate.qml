import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// One row of the conversation list: what it is (a room's "#", the other person of a DM with
/// their presence, the assistant's icon for an AI chat), its name, when it last changed, the
/// unread count, and a menu to rename or delete where the user may.
ItemDelegate {
    id: row

    required property string convId
    required property string title
    /// The name to show: the title, for a DM the other person's name.
    required property string displayTitle
    /// "ai" | "room" | "dm"
    required property string kind
    required property int unread
    required property bool isOwner
    /// A DM's other person: "online" | "away" | "offline"; "" for other kinds.
    required property string peerPresence
    required property int memberCount
    required property date updatedAt
    /// The conversation open in the chat view (this row is highlighted when it is that one).
    property string currentConvId
    readonly property bool current: convId === currentConvId
    /// Rename and delete: an AI chat, or a room the user owns (a DM has neither).
    readonly property bool editable: row.kind === "ai" || (row.kind === "room" && row.isOwner)
    /// The menu button shows (in the unread badge's place).
    readonly property bool menuShown: row.editable && (row.hovered || row.current || rowMenu.visible)
    readonly property string shownTitle: row.displayTitle.length > 0 ? row.displayTitle
                                       : row.kind === "room" ? qsTr("New room") : qsTr("New chat")

    signal openRequested(string convId)
    signal renameRequested(string convId, string title)
    signal deleteRequested(string convId, string title)

    height: 56
    leftPadding: 10
    rightPadding: 6
    hoverEnabled: true

    background: Rectangle {
        radius: Theme.smallRadius
        color: row.current ? Theme.rowSelected : row.hovered ? Theme.rowHover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 10

        Avatar {
            objectName: "rowAvatar"
            size: 30
            name: row.kind === "room" ? "#" : row.shownTitle
            assistant: row.kind === "ai"
            presence: row.peerPresence
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                objectName: "rowTitle"
                Layout.fillWidth: true
                textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
                text: row.shownTitle
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: 14
                // Unread conversations stand out like the open one.
                font.weight: row.current || row.unread > 0 ? Font.DemiBold : Font.Normal
            }
            Label {
                objectName: "rowSubtitle"
                Layout.fillWidth: true
                textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
                text: row.kind === "room"
                      ? (row.memberCount === 1 ? qsTr("1 person") : qsTr("%1 people").arg(row.memberCount))
                        + " · "
                        + RelativeTime.format(row.updatedAt, RelativeTime.now)
                      : RelativeTime.format(row.updatedAt, RelativeTime.now)
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
        }
        // One place at the right: the unread count, or the menu on the row under the mouse (and
        // the open one) where the user may rename or delete.
        Row {
            UnreadBadge {
                objectName: "unreadBadge"
                anchors.verticalCenter: parent.verticalCenter
                visible: row.unread > 0 && !row.menuShown
                count: row.unread
            }
            GhostButton {
                objectName: "rowMenuButton"
                width: 28
                height: 30
                visible: row.menuShown
                leftPadding: 0
                rightPadding: 0
                text: "⋯"
                font.pixelSize: 16
                onClicked: rowMenu.popup()
            }
        }
    }

    onClicked: row.openRequested(row.convId)
    onDoubleClicked: if (row.editable) row.renameRequested(row.convId, row.title)

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
