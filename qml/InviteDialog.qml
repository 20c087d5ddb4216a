import QtQuick
import Palaver.UI

/// Asks whom to invite into the open room (by username).
ActionDialog {
    id: dialog

    function openEmpty() {
        userField.text = "";
        dialog.open();
        userField.input.forceActiveFocus();
    }

    title: qsTr("Invite to the room")
    confirmText: qsTr("Invite")
    confirmEnabled: userField.text.trim().length > 0
    action: "invite"
    onSubmitted: dialog.chat.invite(userField.text.trim())

    FormField {
        id: userField
        objectName: "inviteUserField"
        width: parent.width
        label: qsTr("Username")
        onAccepted: dialog.confirm()
    }
}
