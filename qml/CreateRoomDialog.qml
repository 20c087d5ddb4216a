import QtQuick
import Palaver.UI

/// Asks for a new room: its title and the people to add (usernames, separated by commas or
/// spaces). The room opens when the server has made it; a refusal ("No user bob") shows here.
ActionDialog {
    id: dialog

    function openEmpty() {
        titleField.text = "";
        peopleField.text = "";
        dialog.open();
        titleField.input.forceActiveFocus();
    }

    title: qsTr("New room")
    confirmText: qsTr("Create room")
    action: "createRoom"
    onSubmitted: dialog.chat.createRoom(titleField.text,
                                        peopleField.text.split(/[\s,]+/).filter(n => n.length > 0))

    FormField {
        id: titleField
        objectName: "roomTitleField"
        width: parent.width
        label: qsTr("Name")
        placeholderText: qsTr("New room")
        onAccepted: dialog.confirm()
    }
    FormField {
        id: peopleField
        objectName: "roomPeopleField"
        width: parent.width
        label: qsTr("People")
        placeholderText: qsTr("Usernames, e.g. alice, bob")
        onAccepted: dialog.confirm()
    }
}
