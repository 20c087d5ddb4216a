import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// One person of the member panel (or the assistant): their initial with a presence dot, name,
/// an "Owner" badge, and "Online" / "Away" / "Last seen …" (the assistant: "writing…" while a
/// reply streams). The room's owner gets "Remove" on the others.
ItemDelegate {
    id: row

    required property string userId
    required property string name
    /// "owner" | "member" | "assistant"
    required property string role
    /// "online" | "away" | "offline"
    required property string presence
    /// When they were last connected; invalid while online or unknown.
    required property date lastSeen
    required property bool isSelf
    /// The assistant is writing a reply here.
    required property bool writing
    /// The user may take people out (the room's owner).
    property bool canRemove: false

    readonly property bool isAssistant: row.role === "assistant"

    signal removeRequested(string userId, string name)

    height: 50
    leftPadding: 10
    rightPadding: 4
    hoverEnabled: true
    background: Rectangle {
        radius: Theme.smallRadius
        color: row.hovered ? Theme.rowHover : "transparent"
    }

    contentItem: RowLayout {
        spacing: 10

        Avatar {
            size: 30
            name: row.name
            assistant: row.isAssistant
            presence: row.isAssistant ? "" : row.presence
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 1

            RowLayout {
                Layout.fillWidth: true
                spacing: 6

                Label {
                    objectName: "memberName"
                    Layout.fillWidth: implicitWidth > width
                    Layout.maximumWidth: implicitWidth
                    textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
                    text: row.isSelf ? qsTr("%1 (you)").arg(row.name) : row.name
                    elide: Text.ElideRight
                    color: Theme.text
                    font.pixelSize: 14
                }
                Label {
                    objectName: "ownerBadge"
                    visible: row.role === "owner"
                    text: qsTr("Owner")
                    leftPadding: 6
                    rightPadding: 6
                    topPadding: 1
                    bottomPadding: 1
                    color: Theme.accent
                    font.pixelSize: 10
                    font.weight: Font.DemiBold
                    background: Rectangle {
                        radius: 6
                        color: Theme.accentSoft
                    }
                }
                Item {
                    Layout.fillWidth: true
                }
            }
            Label {
                objectName: "memberStatus"
                Layout.fillWidth: true
                text: row.isAssistant ? (row.writing ? qsTr("writing…") : qsTr("Assistant"))
                    : row.presence === "online" ? qsTr("Online")
                    : row.presence === "away" ? qsTr("Away")
                    : RelativeTime.lastSeen(row.lastSeen, RelativeTime.now)
                elide: Text.ElideRight
                color: row.isAssistant && row.writing ? Theme.accent : Theme.textMuted
                font.pixelSize: Theme.smallFontSize
                font.italic: row.isAssistant && row.writing
            }
        }
        GhostButton {
            objectName: "removeMemberButton"
            // On the row under the mouse only, so the others' status lines have the width.
            visible: row.canRemove && !row.isSelf && !row.isAssistant
                     && (row.hovered || hovered || activeFocus)
            text: qsTr("Remove")
            textColor: Theme.danger
            font.pixelSize: Theme.smallFontSize
            onClicked: row.removeRequested(row.userId, row.name)
        }
    }
}
