import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The settings of the open conversation: its system prompt (what the model is told first).
AppDialog {
    id: dialog

    signal systemPromptRequested(string systemPrompt)

    function openWith(systemPrompt: string) {
        promptInput.text = systemPrompt;
        dialog.open();
        promptInput.forceActiveFocus();
    }

    title: qsTr("Conversation settings")
    confirmText: qsTr("Save")
    width: 480

    Column {
        width: parent.width
        spacing: 6

        Label {
            text: qsTr("System prompt")
            color: Theme.text
            font.pixelSize: 13
            font.weight: Font.DemiBold
        }
        ScrollView {
            width: parent.width
            height: 140

            TextArea {
                id: promptInput
                objectName: "systemPromptInput"
                placeholderText: qsTr("For example: You are a concise assistant.")
                wrapMode: TextArea.Wrap
                selectByMouse: true
                font.pixelSize: 14
                color: Theme.text
                background: Rectangle {
                    radius: Theme.smallRadius
                    color: Theme.background
                    border.color: promptInput.activeFocus ? Theme.accent : Theme.border
                }
            }
        }
        Label {
            width: parent.width
            text: qsTr("Applies to the replies that follow.")
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: 12
        }
    }

    onAccepted: dialog.systemPromptRequested(promptInput.text)
}
