import QtQuick
import Palaver.UI

/// What can be done with a message not sent yet: "Send now" and "Remove" while it waits behind
/// a streaming reply, "Edit", "Retry" and "Remove" once the server refused it.
Row {
    id: actions

    /// The message's status: "queued" or "failed" (nothing shows for others).
    required property string status

    signal sendNowRequested
    signal editRequested
    signal retryRequested
    signal removeRequested

    visible: actions.status === "queued" || actions.status === "failed"
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
        visible: actions.status === "failed"
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
