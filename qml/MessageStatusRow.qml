import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The line under a bubble: its status (sending, queued, failed, stopped, the tokens used…) and,
/// under an ended reply, Continue / Retry beside it.
Row {
    id: statusRow

    /// The message's status role ("pending", "queued", "failed", "streaming", "complete", …).
    required property string status
    required property string errorText
    /// Tokens used, e.g. "14 in · 30 out".
    required property string usageText
    /// The typewriter is still revealing the text.
    required property bool streaming
    /// Some text has arrived.
    required property bool hasText
    /// The widest the text may be.
    required property real maxWidth
    required property bool canContinue
    required property bool canRetry

    /// What the line says; nothing shows when empty and no button is offered.
    readonly property string text: {
        switch (statusRow.status) {
        case "pending":
            return qsTr("Sending…");
        case "queued":
            return qsTr("Queued: sent when the reply ends");
        case "failed":
            return statusRow.errorText.length > 0 ? qsTr("Not sent: %1").arg(statusRow.errorText)
                                                  : qsTr("Not sent");
        case "streaming":
            return statusRow.hasText ? qsTr("Writing…") : "";
        case "stopped":
            return statusRow.withUsage(qsTr("Stopped"));
        case "interrupted":
            return statusRow.withUsage(qsTr("Interrupted: the reply was cut off"));
        case "error":
            return statusRow.errorText.length > 0 ? statusRow.errorText : qsTr("The reply failed");
        default:
            return statusRow.streaming ? qsTr("Writing…") : statusRow.usageText;
        }
    }
    /// Shown in the danger colour (an error, an interrupted reply, a refused message).
    readonly property bool alarming: statusRow.status === "error"
                                     || statusRow.status === "interrupted"
                                     || statusRow.status === "failed"

    signal continueRequested
    signal retryRequested

    function withUsage(text: string): string {
        return statusRow.usageText.length > 0 ? text + " · " + statusRow.usageText : text;
    }

    // Not from the children's `visible`: theirs also depends on this one's.
    visible: statusRow.text.length > 0 || statusRow.canContinue || statusRow.canRetry
    spacing: 6

    Label {
        objectName: "statusLine"
        anchors.verticalCenter: parent.verticalCenter
        visible: text.length > 0
        width: Math.min(implicitWidth, statusRow.maxWidth
                        - (replyButtons.visible ? replyButtons.width : 0))
        textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
        text: statusRow.text
        wrapMode: Text.Wrap
        color: statusRow.alarming ? Theme.danger : Theme.textMuted
        font.pixelSize: Theme.smallFontSize
    }

    ReplyButtons {
        id: replyButtons
        objectName: "replyButtons"
        anchors.verticalCenter: parent.verticalCenter
        canContinue: statusRow.canContinue
        canRetry: statusRow.canRetry
        onContinueRequested: statusRow.continueRequested()
        onRetryRequested: statusRow.retryRequested()
    }
}
