import QtQuick
import Palaver.UI

/// Small, quiet actions under an ended reply: "Continue" goes on from where it stopped (a reply
/// cut off, stopped, failed or at the length limit), "Retry" answers the same prompt again. The
/// model (canContinue / canRetry) decides when each is offered.
Row {
    id: buttons

    required property bool canContinue
    required property bool canRetry

    signal continueRequested
    signal retryRequested

    visible: buttons.canContinue || buttons.canRetry
    spacing: 0

    GhostButton {
        objectName: "continueReplyButton"
        visible: buttons.canContinue
        text: qsTr("Continue")
        textColor: Theme.accent
        font.pixelSize: Theme.smallFontSize
        padding: 3
        leftPadding: 8
        rightPadding: 8
        onClicked: buttons.continueRequested()
    }
    GhostButton {
        objectName: "retryReplyButton"
        visible: buttons.canRetry
        text: qsTr("Retry")
        font.pixelSize: Theme.smallFontSize
        padding: 3
        leftPadding: 8
        rightPadding: 8
        onClicked: buttons.retryRequested()
    }
}
