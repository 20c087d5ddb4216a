import QtQuick
import Palaver.UI

/// Asks whom to write to: opens the direct messages with that username (made the first time).
ActionDialog {
    id: dialog

    function openEmpty() {
        userField.text = "";
        dialog.open();
        userField.input.forceActiveFocus();
    }

    title: qsTr("New direct message")
    confirmText: qsTr("Open")
    confirmEnabled: userField.text.trim().length > 0
    action: "openDirectMessage"
    onSubmitted: dialog.chat.openDirectMessage(userField.text.trim())

    FormField {
        id: userField
        objectName: "dmUserField"
        width: parent.width
        label: qsTr("Username")
        onAccepted: dialog.confirm()
    }
}
