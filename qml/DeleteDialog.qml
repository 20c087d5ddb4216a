import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// Confirms before a conversation and its messages are deleted.
AppDialog {
    id: dialog

    required property ConversationListModel conversations
    property string convId
    property string convTitle

    function openFor(id: string, title: string) {
        dialog.convId = id;
        dialog.convTitle = title;
        dialog.open();
    }

    title: qsTr("Delete conversation?")
    confirmText: qsTr("Delete")
    confirmFill: Theme.danger
    confirmPressedFill: Qt.darker(Theme.danger, 1.2)

    Label {
        width: parent.width
        wrapMode: Text.Wrap
        color: Theme.text
        font.pixelSize: 14
        textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
        text: qsTr("“%1” and all its messages will be deleted. This cannot be undone.")
                .arg(dialog.convTitle.length > 0 ? dialog.convTitle : qsTr("New chat"))
    }

    onAccepted: dialog.conversations.remove(dialog.convId)
}
