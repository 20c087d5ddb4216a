import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// ChatView in a room: the member panel (presence, "last seen", owner badge, the assistant's
// "writing…", Invite / Remove / Leave by role), the typing line, the "Ask the assistant"
// toggle, typing reported from the composer, and other people's names on their bubbles.
Item {
    id: root

    width: 1100
    height: 640

    ChatFixture {
        id: fixture
    }
    ClientSession {
        id: session
    }

    ChatView {
        id: view
        anchors.fill: parent
        title: "Team"
        kind: "room"
        isOwner: true
        messages: fixture.messages
        members: fixture.members
        models: fixture.models
        currentModel: "m-demo"
        chat: session.chat
    }

    SignalSpy {
        id: sendSpy
        target: view
        signalName: "sendRequested"
    }
    SignalSpy {
        id: typingSpy
        target: view
        signalName: "userTyping"
    }
    SignalSpy {
        id: stoppedSpy
        target: view
        signalName: "userStoppedTyping"
    }

    TestCase {
        name: "RoomChat"
        when: windowShown

        function findChild(item, name) {
            if (!item)
                return null;
            if (item.objectName === name)
                return item;
            for (let i = 0; i < item.children.length; ++i) {
                const found = findChild(item.children[i], name);
                if (found)
                    return found;
            }
            return null;
        }

        function panel() {
            return findChild(view, "memberPanel");
        }

        function memberRow(index) {
            const list = findChild(panel(), "memberList");
            tryVerify(() => list.itemAtIndex(index) !== null, 2000);
            return list.itemAtIndex(index);
        }

        function panelDialog(name) {
            const p = panel();
            for (let i = 0; i < p.data.length; ++i) {
                if (p.data[i].objectName === name)
                    return p.data[i];
            }
            return null;
        }

        function initTestCase() {
            // The chat's actions go to the open room (offline here: each one is refused).
            fixture.fillRooms(session);
            session.chat.currentConvId = "room-team";
        }

        function init() {
            view.kind = "room";
            view.isOwner = true;
            view.typingText = "";
            view.membersShown = true;
            fixture.reset();
            fixture.fillMembers();
            fixture.setWriting(false);
            for (const spy of [sendSpy, typingSpy, stoppedSpy])
                spy.clear();
        }

        // A test that failed half-way must not leave a modal dialog over the next one.
        function cleanup() {
            panelDialog("inviteDialog").close();
            panelDialog("leaveDialog").close();
            tryVerify(() => !panelDialog("inviteDialog").visible && !panelDialog("leaveDialog").visible,
                      2000);
        }

        function test_memberPanelShowsPeopleAndPresence() {
            verify(panel().visible);
            const list = findChild(panel(), "memberList");
            tryCompare(list, "count", 5, 2000);
            // The assistant, the owner, then the others by name.
            const expected = [["Demo", "Assistant", ""], ["Ada (you)", "Online", "online"],
                              ["bob", "Online", "online"], ["carol", "Last seen 20 min ago", "offline"],
                              ["dave", "Away", "away"]];
            for (let i = 0; i < expected.length; ++i) {
                const r = memberRow(i);
                compare(findChild(r, "memberName").text, expected[i][0], "row " + i);
                compare(findChild(r, "memberStatus").text, expected[i][1], "row " + i);
                const dot = findChild(r, "presenceDot");
                compare(dot.visible, expected[i][2].length > 0, "row " + i);
                if (dot.visible)
                    compare(dot.presence, expected[i][2], "row " + i);
                compare(findChild(r, "ownerBadge").visible, i === 1, "row " + i);
            }

            fixture.setWriting(true);
            tryCompare(findChild(memberRow(0), "memberStatus"), "text", "writing…", 2000);
            fixture.setWriting(false);
            tryCompare(findChild(memberRow(0), "memberStatus"), "text", "Assistant", 2000);

            // The header's People button folds the panel away and back.
            const toggle = findChild(view, "membersToggle");
            verify(toggle.visible);
            mouseClick(toggle);
            verify(!panel().visible);
            mouseClick(toggle);
            verify(panel().visible);
        }

        function test_ownerManagesMembersOthersOnlyLeave() {
            const invite = findChild(panel(), "inviteButton");
            const leave = findChild(panel(), "leaveButton");
            verify(invite.visible);
            verify(leave.visible);
            // "Remove" shows on the row under the mouse.
            verify(!findChild(memberRow(2), "removeMemberButton").visible);
            mouseMove(memberRow(2));
            tryVerify(() => findChild(memberRow(2), "removeMemberButton").visible, 2000,
                      "the owner may remove bob");
            mouseMove(memberRow(1));
            tryVerify(() => !findChild(memberRow(2), "removeMemberButton").visible, 2000);
            verify(!findChild(memberRow(1), "removeMemberButton").visible, "not themself");
            mouseMove(memberRow(0));
            verify(!findChild(memberRow(0), "removeMemberButton").visible, "not the assistant");

            view.isOwner = false;
            verify(!invite.visible);
            verify(leave.visible, "everyone may leave");
            mouseMove(memberRow(2));
            wait(50); // the hover is in
            verify(!findChild(memberRow(2), "removeMemberButton").visible);
            verify(!findChild(view, "settingsButton").visible, "only the owner changes settings");
            view.kind = "dm";
            compare(leave.text, "Leave conversation");
        }

        function test_removeAsksTheChat() {
            mouseMove(memberRow(2));
            const remove = findChild(memberRow(2), "removeMemberButton");
            tryVerify(() => remove.visible, 2000);
            mouseClick(remove);
            // Offline here: the refusal of the chat's removeMember shows in the chat.
            tryCompare(session.chat, "errorText", "Could not remove them: you are offline", 2000);
        }

        function test_inviteDialogAsksTheChatAndClosesOnSuccess() {
            mouseClick(findChild(panel(), "inviteButton"));
            const dialog = panelDialog("inviteDialog");
            tryVerify(() => dialog.opened, 2000);
            keyClick(Qt.Key_E);
            keyClick(Qt.Key_V);
            keyClick(Qt.Key_E);
            keyClick(Qt.Key_Return);
            const error = findChild(dialog.contentItem, "dialogError");
            tryVerify(() => error.visible, 2000);
            compare(error.text, "Could not invite eve: you are offline");
            verify(dialog.visible, "a refusal keeps the dialog open");
            session.chat.actionSucceeded("invite");
            tryVerify(() => !dialog.visible, 2000);
        }

        function test_leaveNeedsConfirmation() {
            mouseClick(findChild(panel(), "leaveButton"));
            const dialog = panelDialog("leaveDialog");
            tryVerify(() => dialog.opened, 2000);
            compare(dialog.title, "Leave the room?");
            mouseClick(findChild(dialog.footer, "confirmButton"));
            const error = findChild(dialog.contentItem, "dialogError");
            tryVerify(() => error.visible, 2000);
            compare(error.text, "Could not leave: you are offline");
            session.chat.actionSucceeded("leave");
            tryVerify(() => !dialog.visible, 2000);
        }

        function test_typingLineAppearsAndGoes() {
            const text = findChild(view, "typingText");
            verify(!text.visible);
            view.typingText = "bob is typing…";
            verify(text.visible);
            compare(text.text, "bob is typing…");
            view.typingText = "";
            verify(!text.visible);
        }

        function test_askTheAssistantTogglePassesTheFlag() {
            const toggle = findChild(view, "assistantToggle");
            const input = findChild(view, "composerInput");
            verify(toggle.visible);
            input.forceActiveFocus();
            keyClick(Qt.Key_H);
            compare(typingSpy.count, 1, "typing is reported");
            keyClick(Qt.Key_Backspace);
            compare(stoppedSpy.count, 1, "an emptied composer stops it");
            keyClick(Qt.Key_H);
            mouseClick(toggle);
            verify(toggle.checked);
            input.forceActiveFocus();
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "h");
            compare(sendSpy.signalArguments[0][1], true);
            verify(!toggle.checked, "it goes with one message");
            keyClick(Qt.Key_I);
            keyClick(Qt.Key_Return);
            compare(sendSpy.signalArguments[1][1], false);

            // An AI chat answers everything: no toggle.
            view.kind = "ai";
            verify(!toggle.visible);
            verify(!panel().visible);
        }

        function test_otherPeoplesBubblesCarryTheirNames() {
            fixture.addMessageFrom("bob", "Morning all");
            fixture.addUserMessage("Hi bob");
            // Someone else who is also called Ada: the user id, not the name, says whose it is.
            fixture.addMessageFrom("Ada", "Hello, other Ada", "u-ada-2");
            const list = findChild(view, "messageList");
            tryCompare(list, "count", 3, 2000);
            tryVerify(() => list.itemAtIndex(2) !== null, 2000);
            const bob = list.itemAtIndex(0);
            const own = list.itemAtIndex(1);
            const namesake = list.itemAtIndex(2);
            verify(!bob.isOwn);
            verify(own.isOwn);
            verify(!namesake.isOwn);
            verify(findChild(namesake, "authorName").visible);
            verify(findChild(namesake, "bubbleAvatar").visible);
            compare(findChild(bob, "authorName").text, "bob");
            verify(findChild(bob, "authorName").visible);
            verify(!findChild(own, "authorName").visible, "not on the user's own");
            verify(findChild(bob, "bubbleAvatar").visible);
            verify(!findChild(own, "bubbleAvatar").visible);
            // Other people on the left, the user on the right.
            verify(findChild(bob, "bubbleText").mapToItem(view, 0, 0).x
                   < findChild(own, "bubbleText").mapToItem(view, 0, 0).x);
        }

        function test_screenshotOfARoom() {
            fixture.setWriting(true);
            fixture.addMessageFrom("bob", "Shall we ship the release on Friday?");
            fixture.addMessageFrom("carol", "Fine by me if the notes are ready.");
            fixture.addUserMessage("@assistant can you draft the release notes?");
            fixture.startReply();
            fixture.sendBurst();
            view.typingText = "bob is typing…";
            tryCompare(findChild(view, "messageList"), "count", 4, 2000);
            wait(100); // a few frames, so the grab shows the typed-out reply
            grabImage(view).save(fixture.artifactPath("room.png"));
            fixture.finishReply();
        }
    }
}
