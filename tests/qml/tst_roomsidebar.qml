import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// (Numbered: opening a DM at the end reads it, which changes the unread counts.)
// The sidebar with rooms, DMs and AI chats: sections in that order, unread badges (hidden at 0,
// "99+" past 99), the other person's presence on DM rows, the unread total, and the New room /
// New direct message dialogs calling the chat (closing on success, showing the error otherwise).
Item {
    id: root

    // Wider than the sidebar: the dialogs (400 px) are centred in the window.
    width: 480
    height: 720

    ChatFixture {
        id: fixture
    }
    ClientSession {
        id: session
    }

    ConversationList {
        id: sidebar
        width: 320
        height: parent.height
        session: session
    }

    TestCase {
        name: "RoomSidebar"
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

        function findAll(item, name, into) {
            if (!item)
                return into;
            if (item.objectName === name)
                into.push(item);
            for (let i = 0; i < item.children.length; ++i)
                findAll(item.children[i], name, into);
            return into;
        }

        // A shown item called `name` anywhere in the window (open popups live in its overlay).
        function findShown(item, name) {
            if (!item || !item.visible)
                return null;
            if (item.objectName === name)
                return item;
            for (let i = 0; i < item.children.length; ++i) {
                const found = findShown(item.children[i], name);
                if (found)
                    return found;
            }
            return null;
        }

        function list() {
            return findChild(sidebar, "conversationList");
        }

        function row(index) {
            list().positionViewAtIndex(index, ListView.Contain);
            tryVerify(() => list().itemAtIndex(index) !== null, 2000);
            return list().itemAtIndex(index);
        }

        function dialog(name) {
            for (let i = 0; i < sidebar.data.length; ++i) {
                if (sidebar.data[i].objectName === name)
                    return sidebar.data[i];
            }
            return null;
        }

        // A test that failed half-way must not leave a modal dialog over the next one.
        function cleanup() {
            dialog("createRoomDialog").close();
            dialog("directMessageDialog").close();
            tryVerify(() => !dialog("createRoomDialog").visible
                      && !dialog("directMessageDialog").visible, 2000);
        }

        function initTestCase() {
            // First only AI chats, then the whole list: the section headers are reused then.
            fixture.fillConversations(session);
            tryCompare(list(), "count", 3, 2000);
            fixture.fillRooms(session);
            tryCompare(list(), "count", 5, 2000);
        }

        function test_1_sectionsInKindOrder() {
            const order = [];
            for (let i = 0; i < 5; ++i)
                order.push(row(i).convId);
            compare(order, ["room-team", "room-books", "dm-bob", "dm-carol", "ai-alpha"]);
            list().positionViewAtBeginning();
            const headers = findAll(list().contentItem, "sectionHeader", [])
                .filter(h => h.visible).sort((a, b) => a.y - b.y).map(h => h.text);
            compare(headers, ["Rooms", "Direct messages", "AI chats"]);
        }

        function test_2_unreadBadges() {
            const expected = { "room-team": "3", "room-books": "99+", "dm-bob": "1" };
            for (let i = 0; i < 5; ++i) {
                const r = row(i);
                const badge = findChild(r, "unreadBadge");
                const text = expected[r.convId];
                compare(badge.visible, text !== undefined, r.convId);
                if (text !== undefined)
                    compare(findChild(badge, "unreadText").text, text, r.convId);
                // Unread rows stand out.
                compare(findChild(r, "rowTitle").font.weight,
                        text !== undefined ? Font.DemiBold : Font.Normal, r.convId);
            }
            compare(session.conversations.totalUnread, 154);
            const total = findChild(sidebar, "totalUnreadBadge");
            verify(total.visible);
            compare(findChild(total, "unreadText").text, "99+");
            list().positionViewAtBeginning();
            wait(50); // one frame, so the grab shows the scrolled list
            grabImage(sidebar).save(fixture.artifactPath("sidebar.png"));
        }

        function test_3_directMessagesShowThePersonAndTheirPresence() {
            const bob = row(2);
            compare(findChild(bob, "rowTitle").text, "bob", "a DM is named after the other person");
            const bobDot = findChild(bob, "presenceDot");
            verify(bobDot.visible);
            compare(bobDot.presence, "online");
            compare(bobDot.color, Theme.success);
            const carolDot = findChild(row(3), "presenceDot");
            verify(carolDot.visible);
            compare(carolDot.presence, "offline");
            verify(!findChild(row(0), "presenceDot").visible, "rooms have no presence");
            verify(!findChild(row(4), "presenceDot").visible, "AI chats have none either");
            compare(findChild(row(0), "rowSubtitle").text.indexOf("4 people"), 0);
        }

        function test_4_rowMenuOnlyWhereTheUserMayEdit() {
            // The menu shows on the row under the mouse, where the user may edit.
            const expected = [true, false, false, false, true]; // own room, other room, DMs, AI
            for (let i = 0; i < 5; ++i) {
                mouseMove(row(i));
                tryVerify(() => row(i).hovered, 2000);
                compare(findChild(row(i), "rowMenuButton").visible, expected[i], row(i).convId);
            }
            // On a row with unread messages it takes the badge's place while hovered.
            mouseMove(row(0));
            tryVerify(() => row(0).hovered, 2000);
            verify(!findChild(row(0), "unreadBadge").visible);
            mouseMove(row(1));
            tryVerify(() => findChild(row(0), "unreadBadge").visible, 2000);
            verify(findChild(row(1), "unreadBadge").visible, "no menu there: the badge stays");
        }

        function test_5_newRoomDialogCreatesTheRoom() {
            mouseClick(findChild(sidebar, "newMenuButton"));
            tryVerify(() => findShown(root.Window.contentItem, "newRoomItem") !== null, 2000);
            mouseClick(findShown(root.Window.contentItem, "newRoomItem"));
            const create = dialog("createRoomDialog");
            tryVerify(() => create.opened, 2000);
            findChild(create.contentItem, "roomTitleField").text = "Launch";
            findChild(create.contentItem, "roomPeopleField").text = "bob, carol  dave";
            const error = findChild(create.contentItem, "dialogError");
            verify(!error.visible);
            mouseClick(findChild(create.footer, "confirmButton"));
            // Offline here: the chat refuses, and the dialog stays open saying why.
            tryVerify(() => error.visible, 2000);
            compare(error.text, "Could not create the room: you are offline");
            verify(create.visible);
            grabImage(create.background.parent).save(fixture.artifactPath("create-room-dialog.png"));
            // The answer "created" closes it.
            session.chat.actionSucceeded("invite");
            verify(create.visible, "another action's success is not this one's");
            session.chat.actionSucceeded("createRoom");
            tryVerify(() => !create.visible, 2000);
        }

        function test_6_newDirectMessageOpensTheExistingOne() {
            mouseClick(findChild(sidebar, "newMenuButton"));
            tryVerify(() => findShown(root.Window.contentItem, "newDirectMessageItem") !== null, 2000);
            mouseClick(findShown(root.Window.contentItem, "newDirectMessageItem"));
            const dm = dialog("directMessageDialog");
            tryVerify(() => dm.opened, 2000);
            const confirm = findChild(dm.footer, "confirmButton");
            verify(!confirm.enabled, "a username is needed");
            keyClick(Qt.Key_B);
            keyClick(Qt.Key_O);
            keyClick(Qt.Key_B);
            verify(confirm.enabled);
            keyClick(Qt.Key_Return);
            // The chat knows that DM: it opens it and says so, and the dialog closes.
            tryVerify(() => !dm.visible, 2000);
            compare(session.chat.currentConvId, "dm-bob");
        }
    }
}
