import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// ChatView showing a streamed reply: the bubble's text grows burst by burst (the typewriter),
// ends as the full reply, and the Stop button is there exactly while the reply streams.
Item {
    id: root

    width: 900
    height: 420

    ChatFixture {
        id: fixture
    }

    ChatView {
        id: view
        anchors.fill: parent
        title: "Typewriter"
        messages: fixture.messages
        streaming: fixture.streaming
    }

    SignalSpy {
        id: sendSpy
        target: view
        signalName: "sendRequested"
    }
    SignalSpy {
        id: stopSpy
        target: view
        signalName: "stopRequested"
    }

    TestCase {
        id: testCase
        name: "ChatView"
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

        function messageList() {
            return findChild(view, "messageList");
        }

        // The text items of a bubble: a person's one, or an assistant reply's blocks in order.
        function textItems(item, found) {
            if ((item.objectName === "blockText" || item.objectName === "bubbleText")
                    && item.visible)
                found.push(item);
            for (let i = 0; i < item.children.length; ++i)
                textItems(item.children[i], found);
            return found;
        }

        // What the bubble in `row` shows, as plain text (blocks one per line).
        function shownText(row) {
            const bubble = messageList().itemAtIndex(row);
            return bubble ? textItems(bubble, []).map(t => t.getText(0, t.length)).join("\n") : "";
        }

        function init() {
            sendSpy.clear();
            stopSpy.clear();
            fixture.reset();
            tryCompare(messageList(), "count", 0, 2000);
        }

        function test_emptyStateUntilTheFirstMessage() {
            const empty = findChild(view, "emptyState");
            verify(empty.visible);
            fixture.addUserMessage("Hello");
            tryCompare(messageList(), "count", 1, 2000);
            tryVerify(() => !empty.visible, 2000, "the empty state goes away");
            compare(shownText(0), "Hello");
        }

        function test_streamedReplyTypesOutAndStopShowsWhileStreaming() {
            const stop = findChild(view, "stopButton");
            const send = findChild(view, "sendButton");
            verify(stop && send);
            verify(!stop.visible);
            verify(send.visible);

            fixture.addUserMessage("Tell me a story");
            fixture.startReply();
            tryCompare(messageList(), "count", 2, 2000);
            tryVerify(() => stop.visible, 2000);
            verify(!send.visible);
            compare(shownText(1), "");

            let shown = 0;
            while (fixture.sendBurst()) {
                tryVerify(() => shownText(1).length > shown, 3000,
                          "the reply grows after a burst");
                shown = shownText(1).length;
                verify(fixture.reply.startsWith(shownText(1)),
                       "shows a prefix of the reply: " + shownText(1));
                verify(stop.visible, "still streaming");
            }
            fixture.finishReply();
            tryCompare(messageList().itemAtIndex(1), "text", fixture.reply, 5000);
            tryVerify(() => !stop.visible, 2000);
            verify(send.visible);
            tryCompare(messageList().itemAtIndex(1), "isStreaming", false, 5000);
            compare(shownText(1), fixture.reply);
            const status = findChild(messageList().itemAtIndex(1), "statusLine");
            verify(!status.visible, "a complete reply has no status line");
        }

        function test_followsTheReplyUnlessScrolledUp() {
            const list = messageList();
            for (let i = 0; i < 8; ++i)
                fixture.addUserMessage("Message number " + i + " with enough words to take some room");
            fixture.startReply();
            tryCompare(list, "count", 9, 2000);
            tryVerify(() => list.contentHeight > list.height, 2000, "the content overflows");
            fixture.sendBurst();
            tryVerify(() => shownText(8).length > 0, 3000);
            tryVerify(() => list.atYEnd, 2000, "follows the streaming reply");

            // The user scrolls up: new text must not pull the view back down.
            mouseWheel(list, list.width / 2, list.height / 2, 0, 240);
            tryVerify(() => !list.moving, 3000);
            verify(!list.atYEnd, "scrolled up");
            verify(!list.followEnd);
            while (fixture.sendBurst()) {}
            fixture.finishReply();
            tryCompare(list.itemAtIndex(8), "text", fixture.reply, 5000);
            verify(!list.atYEnd, "stays where the user scrolled");

            // The jump button brings the view back, and it follows again.
            const jump = findChild(view, "jumpToEndButton");
            verify(jump.visible);
            mouseClick(jump);
            tryVerify(() => list.atYEnd, 2000, "back at the newest message");
            verify(list.followEnd);
            tryVerify(() => !jump.visible, 2000);
        }

        function test_composerEnterSendsShiftEnterBreaksTheLine() {
            const input = findChild(view, "composerInput");
            input.forceActiveFocus();
            keyClick(Qt.Key_H);
            keyClick(Qt.Key_I);
            keyClick(Qt.Key_Return, Qt.ShiftModifier);
            keyClick(Qt.Key_Y);
            compare(sendSpy.count, 0, "Shift+Enter does not send");
            compare(input.text, "hi\ny");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "hi\ny");
            compare(input.text, "", "the composer is cleared after sending");

            // The Stop button asks to stop; Send is not there meanwhile.
            fixture.startReply();
            const stop = findChild(view, "stopButton");
            tryVerify(() => stop.visible, 2000);
            mouseClick(stop);
            compare(stopSpy.count, 1);
            fixture.finishReply();
        }

        function test_statusLines() {
            fixture.addUserMessage("Explain **Markdown**");
            fixture.addAssistantMessage("Markdown has *emphasis*, **bold** and lists:\n\n- one\n- two\n\n`code` too.", "complete");
            fixture.addAssistantMessage("Half a thought", "stopped");
            fixture.addAssistantMessage("The server restarted mid", "interrupted");
            fixture.addAssistantMessage("", "error", "The model is unavailable (upstream_unavailable)");
            const list = messageList();
            tryCompare(list, "count", 5, 2000);

            const expected = ["", "", "Stopped", "Interrupted: the reply was cut off",
                              "The model is unavailable (upstream_unavailable)"];
            for (let row = 0; row < expected.length; ++row) {
                list.positionViewAtIndex(row, ListView.Contain);
                tryVerify(() => list.itemAtIndex(row) !== null, 2000);
                const status = findChild(list.itemAtIndex(row), "statusLine");
                compare(status.visible, expected[row].length > 0, "row " + row);
                compare(status.text, expected[row], "row " + row);
            }
            // Markdown is rendered, not shown as source.
            compare(shownText(1).indexOf("**"), -1);
            verify(shownText(1).indexOf("bold") >= 0);

            list.positionViewAtBeginning();
            wait(50); // one frame, so the grab shows the scrolled view
            const image = grabImage(view);
            image.save(fixture.artifactPath("chatview.png")); // throws when it cannot write
        }
    }
}
