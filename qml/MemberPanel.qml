import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The people of the open room or DM beside the messages: the assistant, the owner, everyone
/// else, each with their presence. The owner invites and removes; everyone may leave.
Rectangle {
    id: panel

    /// The people plus the assistant (the chat's MemberListModel).
    required property MemberListModel members
    /// Carries out invite, remove and leave, and says how they went.
    required property ChatController chat
    /// "room" | "dm"
    property string kind
    /// The user owns the room.
    property bool isOwner: false
    /// The room's name or the other person of the DM (the leave confirmation says it).
    property string conversationName

    readonly property bool canManage: panel.isOwner && panel.kind === "room"

    color: Theme.surface

    Rectangle {
        width: 1
        height: parent.height
        color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        anchors.leftMargin: 11
        spacing: 6

        Label {
            objectName: "memberPanelTitle"
            Layout.leftMargin: 8
            Layout.topMargin: 6
            text: qsTr("People")
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
            font.weight: Font.DemiBold
            font.capitalization: Font.AllUppercase
        }
        MemberListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: panel.members
            canManage: panel.canManage
            onRemoveRequested: userId => panel.chat.removeMember(userId)
        }
        GhostButton {
            objectName: "inviteButton"
            Layout.fillWidth: true
            visible: panel.canManage
            text: qsTr("+  Invite…")
            textColor: Theme.accent
            onClicked: inviteDialog.openEmpty()
        }
        GhostButton {
            objectName: "leaveButton"
            Layout.fillWidth: true
            text: panel.kind === "dm" ? qsTr("Leave conversation") : qsTr("Leave room")
            textColor: Theme.danger
            onClicked: leaveDialog.open()
        }
    }

    InviteDialog {
        id: inviteDialog
        objectName: "inviteDialog"
        chat: panel.chat
    }
    LeaveDialog {
        id: leaveDialog
        objectName: "leaveDialog"
        chat: panel.chat
        kind: panel.kind
        conversationName: panel.conversationName
    }
}
