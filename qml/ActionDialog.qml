import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// A dialog that asks the chat for a room action (create a room, open a DM, invite, leave) and
/// follows it to the server's answer: it closes when the chat says the action succeeded and
/// otherwise stays open showing the chat's error. Its content goes above the error line.
AppDialog {
    id: dialog

    /// The chat that carries the action out (its actionSucceeded and errorText).
    required property ChatController chat
    /// The actionSucceeded name that closes it: "createRoom", "openDirectMessage", "invite",
    /// "remove" or "leave".
    required property string action
    /// The user confirmed and the answer is awaited (or was a refusal): the error shows.
    property bool asked: false
    /// Above the error line.
    default property alias content: body.data

    /// The user confirmed: the dialog asks the chat now.
    signal submitted

    closesOnConfirm: false
    onOpened: dialog.asked = false
    onConfirmed: {
        // First: the chat may refuse at once (offline), and that error belongs to this ask.
        dialog.asked = true;
        dialog.submitted();
    }

    Connections {
        target: dialog.chat
        function onActionSucceeded(what: string) {
            if (what === dialog.action && dialog.visible)
                dialog.close();
        }
    }

    Column {
        width: parent.width
        spacing: 12

        Column {
            id: body
            width: parent.width
            spacing: 12
        }
        Label {
            objectName: "dialogError"
            width: parent.width
            visible: dialog.asked && text.length > 0
            textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
            text: dialog.chat ? dialog.chat.errorText : ""
            wrapMode: Text.Wrap
            color: Theme.danger
            font.pixelSize: 13
        }
    }
}
