import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// The bubbles of messages not sent yet (pending, queued, failed) with their actions, the
// "Thinking" block of a reply, and the token usage under a finished reply.
Item {
    id: root

    width: 900
    height: 600

    ChatFixture {
        id: fixture
    }

    ChatView {
        id: view
        anchors.fill: parent
        title: "Bubbles"
        messages: fixture.messages
        streaming: fixture.streaming
    }

    SignalSpy {
        id: sendNowSpy
        target: view
        signalName: "sendNowRequested"
    }
    SignalSpy {
        id: removeSpy
        target: view
        signalName: "removeRequested"
    }
    SignalSpy {
        id: retrySpy
        target: view
        signalName: "retryRequested"
    }
    SignalSpy {
        id: editSpy
        target: view
        signalName: "editRequested"
    }
    SignalSpy {
        id: continueReplySpy
        target: view
        signalName: "continueReplyRequested"
    }
    SignalSpy {
        id: retryReplySpy
        target: view
        signalName: "retryReplyRequested"
    }

    TestCase {
        name: "MessageBubbles"
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

        function bubble(row) {
            const list = messageList();
            list.positionViewAtIndex(row, ListView.Contain);
            tryVerify(() => list.itemAtIndex(row) !== null, 2000);
            return list.itemAtIndex(row);
        }

        function init() {
            for (const spy of [sendNowSpy, removeSpy, retrySpy, editSpy, continueReplySpy, retryReplySpy])
                spy.clear();
            fixture.reset();
            tryCompare(messageList(), "count", 0, 2000);
        }

        function test_pendingOffersEditAndRemove() {
            const id = fixture.addOutboxMessage("Waiting for the network", "pending");
            tryCompare(messageList(), "count", 1, 2000);
            const row = bubble(0);
            compare(findChild(row, "statusLine").text, "Sending…");
            verify(findChild(row, "outboxActions").visible);
            verify(findChild(row, "editButton").visible);
            verify(findChild(row, "removeButton").visible);
            verify(!findChild(row, "sendNowButton").visible);
            verify(!findChild(row, "retryButton").visible);
            mouseClick(findChild(row, "removeButton"));
            compare(removeSpy.count, 1);
            compare(removeSpy.signalArguments[0][0], id);
        }

        function test_queuedOffersSendNowAndRemove() {
            const id = fixture.addOutboxMessage("After the reply", "queued");
            tryCompare(messageList(), "count", 1, 2000);
            const row = bubble(0);
            compare(findChild(row, "statusLine").text, "Queued: sent when the reply ends");
            verify(findChild(row, "outboxActions").visible);
            const sendNow = findChild(row, "sendNowButton");
            verify(sendNow.visible);
            verify(!findChild(row, "retryButton").visible);
            verify(findChild(row, "editButton").visible); // waiting messages can still be changed
            mouseClick(sendNow);
            compare(sendNowSpy.count, 1);
            compare(sendNowSpy.signalArguments[0][0], id);
            mouseClick(findChild(row, "removeButton"));
            compare(removeSpy.count, 1);
            compare(removeSpy.signalArguments[0][0], id);
        }

        function test_failedOffersEditRetryRemove() {
            const id = fixture.addOutboxMessage("Too much", "failed", "The message is too long");
            tryCompare(messageList(), "count", 1, 2000);
            const row = bubble(0);
            compare(findChild(row, "statusLine").text, "Not sent: The message is too long");
            verify(!findChild(row, "sendNowButton").visible);
            const retry = findChild(row, "retryButton");
            verify(retry.visible);
            mouseClick(retry);
            compare(retrySpy.count, 1);
            compare(retrySpy.signalArguments[0][0], id);

            // Edit opens an inline editor with the text; Save hands the new text over.
            mouseClick(findChild(row, "editButton"));
            const editor = findChild(row, "messageEditor");
            tryVerify(() => editor.visible, 2000);
            const input = findChild(editor, "editorInput");
            compare(input.text, "Too much");
            verify(!findChild(row, "outboxActions").visible, "no actions while editing");
            input.text = "Just right";
            mouseClick(findChild(editor, "editorSave"));
            compare(editSpy.count, 1);
            compare(editSpy.signalArguments[0][0], id);
            compare(editSpy.signalArguments[0][1], "Just right");
            tryVerify(() => !editor.visible, 2000);

            // Cancel closes it without an edit.
            mouseClick(findChild(row, "editButton"));
            tryVerify(() => editor.visible, 2000);
            mouseClick(findChild(editor, "editorCancel"));
            tryVerify(() => !editor.visible, 2000);
            compare(editSpy.count, 1);
        }

        function test_thinkingBlockOpenWhileThinkingClosedOnceTheReplyStarts() {
            fixture.addUserMessage("Think first");
            fixture.startReply();
            tryCompare(messageList(), "count", 2, 2000);
            const row = bubble(1);
            const block = findChild(row, "thinkingBlock");
            verify(!block.visible, "no reasoning, no block");
            fixture.sendReasoning("The user wants a story. ");
            tryVerify(() => block.visible, 2000);
            const text = findChild(block, "thinkingText");
            verify(text.visible, "open while only reasoning streams");
            compare(text.text, "The user wants a story. ");
            compare(findChild(block, "thinkingToggle").text, "▾ Thinking…");

            fixture.sendBurst();
            tryVerify(() => !text.visible, 3000, "closes once the reply text starts");
            compare(findChild(block, "thinkingToggle").text, "▸ Thinking");
            mouseClick(findChild(block, "thinkingToggle"));
            tryVerify(() => text.visible, 2000, "a click opens it again");
            const shownBefore = row.text;
            fixture.sendBurst();
            tryVerify(() => row.text !== shownBefore, 3000, "more reply text shows");
            verify(text.visible, "the user's choice stays while the reply grows");
            while (fixture.sendBurst()) {}
            fixture.finishReply();
            tryCompare(row, "isStreaming", false, 5000);
            verify(text.visible);
            const image = grabImage(view);
            image.save(fixture.artifactPath("thinking.png"));
        }

        function test_usageUnderAFinishedReply() {
            fixture.addUserMessage("Count the tokens");
            fixture.startReply();
            while (fixture.sendBurst()) {}
            fixture.finishReply(14, 30);
            tryCompare(messageList(), "count", 2, 2000);
            const row = bubble(1);
            tryCompare(row, "isStreaming", false, 5000);
            const status = findChild(row, "statusLine");
            verify(status.visible);
            compare(status.text, "14 in · 30 out");
        }

        function test_interruptedReplyOffersContinueAndRetry() {
            fixture.addUserMessage("Tell me a story");
            const id = fixture.addAssistantMessage("Once upon a time, a small server", "interrupted");
            tryCompare(messageList(), "count", 2, 2000);
            const row = bubble(1);
            compare(findChild(row, "statusLine").text, "Interrupted: the reply was cut off");
            const next = findChild(row, "continueReplyButton");
            const again = findChild(row, "retryReplyButton");
            verify(next.visible);
            verify(again.visible);
            mouseClick(next);
            compare(continueReplySpy.count, 1);
            compare(continueReplySpy.signalArguments[0][0], id);
            mouseClick(again);
            compare(retryReplySpy.count, 1);
            compare(retryReplySpy.signalArguments[0][0], id);
            verify(!findChild(bubble(0), "replyButtons").visible, "none under the user's message");
            wait(50); // one frame, so the grab shows the view
            grabImage(view).save(fixture.artifactPath("interrupted.png"));
        }

        function test_noReplyButtonsWhileStreaming() {
            fixture.addUserMessage("Tell me a story");
            fixture.startReply();
            fixture.sendBurst();
            tryCompare(messageList(), "count", 2, 2000);
            const row = bubble(1);
            verify(row.isStreaming);
            verify(!findChild(row, "replyButtons").visible);
            verify(!findChild(row, "continueReplyButton").visible);
            verify(!findChild(row, "retryReplyButton").visible);
            while (fixture.sendBurst()) {}
            fixture.finishReply();
            tryCompare(row, "isStreaming", false, 5000);
            // A complete reply can be answered again, not continued.
            verify(findChild(row, "retryReplyButton").visible);
            verify(!findChild(row, "continueReplyButton").visible);
        }

        function test_outboxScreenshot() {
            fixture.addUserMessage("Hello");
            fixture.addAssistantMessage("Hi! How can I help?", "complete");
            fixture.addOutboxMessage("Waiting for the network", "pending");
            fixture.addOutboxMessage("After the reply", "queued");
            fixture.addOutboxMessage("Refused one", "failed", "The message is too long");
            tryCompare(messageList(), "count", 5, 2000);
            bubble(4);
            wait(50); // one frame, so the grab shows the view
            grabImage(view).save(fixture.artifactPath("outbox.png"));
        }
    }
}
