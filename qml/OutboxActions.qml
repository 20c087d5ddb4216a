import QtQuick
import Palaver.UI

/// What can be done with a message not sent yet: "Edit" and "Remove" while it waits for the
/// connection, "Send now", "Edit" and "Remove" while it waits behind a streaming reply, "Edit",
/// "Retry" and "Remove" once the server refused it.
Row {
    id: actions

    /// The message's status: "pending", "queued" or "failed" (nothing shows for others).
    required property string status

    signal sendNowRequested
    signal editRequested
    signal retryRequested
    signal removeRequested

    visible: actions.status === "pending" || actions.status === "queued" || actions.status === "failed"
    spacing: 2

    GhostButton {
        objectName: "sendNowButton"
        visible: actions.status === "queued"
        text: qsTr("Send now")
        textColor: Theme.accent
        onClicked: actions.sendNowRequested()
    }
    GhostButton {
        objectName: "editButton"
        text: qsTr("Edit")
        onClicked: actions.editRequested()
    }
    GhostButton {
        objectName: "retryButton"
        visible: actions.status === "failed"
        text: qsTr("Retry")
        textColor: Theme.accent
        onClicked: actions.retryRequested()
    }
    GhostButton {
        objectName: "removeButton"
        text: qsTr("Remove")
        textColor: Theme.danger
        onClicked: actions.removeRequested()
    }
}
