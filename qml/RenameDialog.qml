import QtQuick
import Palaver.UI

/// Asks for a new title of one conversation.
AppDialog {
    id: dialog

    required property ConversationListModel conversations
    property string convId

    function openFor(id: string, title: string) {
        dialog.convId = id;
        titleField.text = title;
        dialog.open();
        titleField.input.selectAll();
        titleField.input.forceActiveFocus();
    }

    title: qsTr("Rename conversation")
    confirmText: qsTr("Rename")

    FormField {
        id: titleField
        width: parent.width
        label: qsTr("Title")
        onAccepted: dialog.accept()
    }

    onAccepted: dialog.conversations.rename(dialog.convId, titleField.text)
}
