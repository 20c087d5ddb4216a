import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// The chat header's model picker and the conversation settings dialog (system prompt): they show
// what the chat says and ask for changes; the chat decides. And the composer when a message has
// nowhere to go (a new conversation needs a connection).
Item {
    width: 900
    height: 600

    ChatFixture {
        id: fixture
    }

    ChatView {
        id: view
        anchors.fill: parent
        title: "Settings"
        messages: fixture.messages
        models: fixture.models
        currentModel: "m-demo"
        systemPrompt: "Be brief."
    }

    SignalSpy {
        id: modelSpy
        target: view
        signalName: "modelRequested"
    }
    SignalSpy {
        id: sendSpy
        target: view
        signalName: "sendRequested"
    }
    SignalSpy {
        id: promptSpy
        target: view
        signalName: "systemPromptRequested"
    }

    TestCase {
        name: "ChatSettings"
        when: windowShown

        function findChild(item, name) {
            if (!item)
                return null;
            if (item.objectName === name)
                return item;
            const children = item.children;
            for (let i = 0; i < children.length; ++i) {
                const found = findChild(children[i], name);
                if (found)
                    return found;
            }
            return null;
        }

        function test_pickerShowsTheModelAndAsksForAnother() {
            const picker = findChild(view, "modelPicker");
            verify(picker.visible);
            compare(picker.currentIndex, 1);
            compare(picker.displayText, "demo");
            picker.currentIndex = 0; // what a choice in the popup does, then activated
            picker.activated(0);
            compare(modelSpy.count, 1);
            compare(modelSpy.signalArguments[0][0], "m-other");
            // The chat has not changed it (refused, or not yet): the picker shows what it says.
            compare(picker.currentIndex, 1);
            view.currentModel = "m-other";
            compare(picker.currentIndex, 0);
            compare(picker.displayText, "other");
            view.currentModel = "m-demo";
        }

        function test_settingsDialogEditsTheSystemPrompt() {
            // A popup is in the view's data, not among its children.
            let dialog = null;
            for (let i = 0; i < view.data.length; ++i) {
                if (view.data[i].objectName === "settingsDialog")
                    dialog = view.data[i];
            }
            verify(dialog);
            verify(!dialog.visible);
            mouseClick(findChild(view, "settingsButton"));
            tryVerify(() => dialog.opened, 2000);
            const input = findChild(dialog.contentItem, "systemPromptInput");
            compare(input.text, "Be brief.");
            // The dialog alone (it is drawn in the window's overlay, outside the view).
            grabImage(dialog.background.parent).save(fixture.artifactPath("settings-dialog.png"));
            input.text = "Answer in rhyme.";
            mouseClick(findChild(dialog.footer, "confirmButton"));
            tryVerify(() => !dialog.visible, 2000);
            compare(promptSpy.count, 1);
            compare(promptSpy.signalArguments[0][0], "Answer in rhyme.");
        }

        function test_composerSaysWhenANewChatCannotStart() {
            const input = findChild(view, "composerInput");
            const send = findChild(view, "sendButton");
            const hint = findChild(view, "composerHint");
            view.canSend = false;
            input.forceActiveFocus();
            keyClick(Qt.Key_H);
            verify(!send.enabled);
            compare(hint.text, "Starting a new conversation needs a connection to the server");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 0);
            compare(input.text, "h", "the text stays for later");
            view.canSend = true;
            verify(send.enabled);
            compare(hint.text, "Enter to send · Shift+Enter for a new line");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "h");
        }
    }
}
