import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// Where a message is written: Enter sends, Shift+Enter starts a new line; Stop while streaming.
/// In rooms and DMs an "Ask the assistant" toggle goes with the next message, and what the user
/// types is reported (the others see "… is typing").
Item {
    id: composer

    /// A reply is streaming: the Stop button replaces Send.
    property bool streaming: false
    /// False: nowhere to send to now (a new conversation needs a connection); the hint says so.
    property bool canSend: true
    /// A room or DM: the assistant answers only when asked, so the toggle shows.
    property bool multiUser: false

    /// `askAssistant`: the toggle was on (it goes off again after each message).
    signal sendRequested(string text, bool askAssistant)
    signal stopRequested
    /// The text changed and is not empty.
    signal userTyping
    /// The text was emptied.
    signal userStoppedTyping

    function send() {
        if (!composer.canSend)
            return; // the text stays for when it can go
        composer.sendRequested(input.text, composer.multiUser && assistantToggle.checked);
        assistantToggle.checked = false;
        input.clear();
    }

    function returnPressed(event: KeyEvent) {
        if (event.modifiers & Qt.ShiftModifier)
            event.accepted = false; // the TextArea inserts the new line
        else
            composer.send();
    }

    implicitHeight: frame.height + footer.height + 22

    Rectangle {
        id: frame
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.leftMargin: Theme.pageMargin
        anchors.rightMargin: Theme.pageMargin
        anchors.topMargin: 8
        height: Math.min(Math.max(input.implicitHeight, 40), 180) + 12
        radius: Theme.radius
        color: Theme.background
        border.width: input.activeFocus ? 2 : 1
        border.color: input.activeFocus ? Theme.accent : Theme.border

        ScrollView {
            anchors.left: parent.left
            anchors.right: sendButton.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.margins: 6

            TextArea {
                id: input
                objectName: "composerInput"
                placeholderText: composer.multiUser ? qsTr("Message… (@assistant to ask the assistant)")
                                                    : qsTr("Message Palaver…")
                wrapMode: TextArea.Wrap
                font.pixelSize: Theme.fontSize
                color: Theme.text
                placeholderTextColor: Theme.textMuted
                selectByMouse: true
                selectionColor: Theme.rowSelected
                selectedTextColor: Theme.text
                background: null
                focus: true

                Keys.onReturnPressed: event => composer.returnPressed(event)
                Keys.onEnterPressed: event => composer.returnPressed(event)
                onTextChanged: {
                    if (text.length > 0)
                        composer.userTyping();
                    else
                        composer.userStoppedTyping();
                }
            }
        }

        RoundAction {
            id: sendButton
            objectName: "sendButton"
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: 8
            visible: !composer.streaming
            enabled: composer.canSend && input.text.trim().length > 0
            text: "↑"
            tip: qsTr("Send (Enter)")
            onClicked: composer.send()
        }
        RoundAction {
            objectName: "stopButton"
            anchors.fill: sendButton
            visible: composer.streaming
            text: "■"
            font.pixelSize: 13
            fill: Theme.text
            pressedFill: Theme.textMuted
            tip: qsTr("Stop the reply")
            onClicked: composer.stopRequested()
        }
    }

    Item {
        id: footer
        anchors.top: frame.bottom
        anchors.topMargin: 6
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: Theme.pageMargin
        anchors.rightMargin: Theme.pageMargin
        height: Math.max(assistantToggle.visible ? assistantToggle.height : 0, hint.height)

        AssistantToggle {
            id: assistantToggle
            objectName: "assistantToggle"
            anchors.verticalCenter: parent.verticalCenter
            visible: composer.multiUser
        }
        Label {
            id: hint
            objectName: "composerHint"
            anchors.verticalCenter: parent.verticalCenter
            // Centred under the field, or at the right when the toggle is at the left.
            x: assistantToggle.visible ? footer.width - width : (footer.width - width) / 2
            text: composer.canSend ? qsTr("Enter to send · Shift+Enter for a new line")
                                   : qsTr("Starting a new conversation needs a connection to the server")
            color: composer.canSend ? Theme.textMuted : Theme.warning
            font.pixelSize: 11
        }
    }
}
