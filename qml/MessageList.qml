import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The messages as bubbles. It follows the end while the content grows (a streaming reply, new
/// messages) as long as the user is at the bottom; scrolling up pauses that until they return.
ListView {
    id: list

    /// Whether the view sticks to the newest message. Only the user's own scrolling (wheel,
    /// drag, flick, scroll bar) changes it.
    property bool followEnd: true
    /// Changes when another conversation opens; the view then jumps to its end.
    property string conversationKey
    /// Names above other people's messages (rooms).
    property bool showAuthors: false

    // What the bubbles ask for, by the message's clientMsgId (or msgId for the Thinking block).
    signal sendNowRequested(string clientMsgId)
    signal removeRequested(string clientMsgId)
    signal retryRequested(string clientMsgId)
    signal editRequested(string clientMsgId, string text)
    signal reasoningToggleRequested(string msgId)
    // What an ended reply's buttons ask for, by its msgId.
    signal continueReplyRequested(string msgId)
    signal retryReplyRequested(string msgId)

    function scrollToEndIfFollowing() {
        if (!list.followEnd)
            return;
        // positionViewAtEnd() creates the last delegates but leaves out the bottom margin.
        list.positionViewAtEnd();
        list.contentY = Math.max(list.originY - list.topMargin,
                                 list.originY + list.contentHeight + list.bottomMargin - list.height);
    }

    function followAgain() {
        list.followEnd = true;
        list.scrollToEndIfFollowing();
    }

    objectName: "messageList"
    clip: true
    spacing: 16
    topMargin: 20
    bottomMargin: 20
    boundsBehavior: Flickable.StopAtBounds

    ScrollBar.vertical: ScrollBar {
        onPressedChanged: list.followEnd = !pressed && list.atYEnd
    }

    delegate: MessageBubble {
        id: bubble
        width: ListView.view.width
        // Through the view, not its id: the delegate is its own component.
        showAuthor: (bubble.ListView.view as MessageList).showAuthors
        onSendNowRequested: id => list.sendNowRequested(id)
        onRemoveRequested: id => list.removeRequested(id)
        onRetryRequested: id => list.retryRequested(id)
        onEditRequested: (id, text) => list.editRequested(id, text)
        onReasoningToggleRequested: id => list.reasoningToggleRequested(id)
        onContinueReplyRequested: id => list.continueReplyRequested(id)
        onRetryReplyRequested: id => list.retryReplyRequested(id)
    }

    onMovementStarted: list.followEnd = false
    onMovementEnded: list.followEnd = list.atYEnd
    onContentHeightChanged: list.scrollToEndIfFollowing()
    onHeightChanged: list.scrollToEndIfFollowing()
    onCountChanged: list.scrollToEndIfFollowing()
    onModelChanged: list.followAgain()
    onConversationKeyChanged: list.followAgain()

    RoundAction {
        objectName: "jumpToEndButton"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 16
        visible: !list.followEnd && !list.atYEnd
        text: "↓"
        fill: Theme.background
        pressedFill: Theme.rowHover
        textColor: Theme.text
        bordered: true
        tip: qsTr("Jump to the newest message")
        onClicked: list.followAgain()
    }
}
