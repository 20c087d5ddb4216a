import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// Starting something new: "New chat" (with the assistant) at once, and beside it a menu with
/// "New room…", "New direct message…" and "New AI chat".
RowLayout {
    id: buttons

    signal aiChatRequested
    signal roomRequested
    signal directMessageRequested

    spacing: 6

    PrimaryButton {
        objectName: "newChatButton"
        Layout.fillWidth: true
        text: qsTr("+  New chat")
        onClicked: buttons.aiChatRequested()
    }
    PrimaryButton {
        objectName: "newMenuButton"
        Layout.preferredWidth: 44
        leftPadding: 0
        rightPadding: 0
        text: "▾"
        Accessible.name: qsTr("More ways to start")
        ToolTip.visible: hovered
        ToolTip.delay: 600
        ToolTip.text: qsTr("New room, direct message or AI chat")
        onClicked: newMenu.popup(0, height + 4)

        Menu {
            id: newMenu
            objectName: "newMenu"

            MenuItem {
                objectName: "newRoomItem"
                text: qsTr("New room…")
                onTriggered: buttons.roomRequested()
            }
            MenuItem {
                objectName: "newDirectMessageItem"
                text: qsTr("New direct message…")
                onTriggered: buttons.directMessageRequested()
            }
            MenuItem {
                objectName: "newAiChatItem"
                text: qsTr("New AI chat")
                onTriggered: buttons.aiChatRequested()
            }
        }
    }
}
