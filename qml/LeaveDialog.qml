import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// Confirms before the user leaves the open room or DM.
ActionDialog {
    id: dialog

    /// The name of the room or the other person of the DM.
    property string conversationName
    /// "room" | "dm"
    property string kind

    title: dialog.kind === "dm" ? qsTr("Leave this conversation?") : qsTr("Leave the room?")
    confirmText: qsTr("Leave")
    confirmFill: Theme.danger
    confirmPressedFill: Qt.darker(Theme.danger, 1.2)
    action: "leave"
    onSubmitted: dialog.chat.leaveConversation()

    Label {
        width: parent.width
        wrapMode: Text.Wrap
        color: Theme.text
        font.pixelSize: 14
        textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
        text: dialog.kind === "dm"
              ? qsTr("You will no longer see your conversation with %1. Writing to them again starts a new one.")
                    .arg(dialog.conversationName)
              : qsTr("“%1” leaves your list and you stop receiving its messages. The room's owner can invite you back.")
                    .arg(dialog.conversationName)
    }
}
