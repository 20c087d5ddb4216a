import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// The window as Main.qml lays it out, with a room open: the sidebar's sections and badges beside
// the room, its member panel and the typing line. Renders it and saves room-window.png (the
// README's picture of rooms). The header is bound to the chat as in Main.qml: a DM is titled
// after the other person.
Item {
    id: root

    width: 1100
    height: 720

    ChatFixture {
        id: fixture
    }
    ClientSession {
        id: session
    }

    ConversationList {
        id: sidebar
        width: 280
        height: parent.height
        session: session
    }
    ChatView {
        id: view
        x: sidebar.width
        width: parent.width - sidebar.width
        height: parent.height
        title: session.chat.currentTitle
        kind: session.chat.currentKind
        isOwner: session.chat.currentIsOwner
        messages: fixture.messages
        members: fixture.members
        models: fixture.models
        currentModel: "m-demo"
        typingText: "carol is typing…"
        chat: session.chat
    }

    TestCase {
        name: "RoomWindow"
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

        function test_roomWindowRenders() {
            fixture.fillRooms(session);
            session.chat.currentConvId = "room-team";
            fixture.fillMembers();
            fixture.addMessageFrom("bob", "Shall we ship the release on Friday?");
            fixture.addMessageFrom("carol", "Fine by me if the notes are ready.");
            fixture.addUserMessage("@assistant can you draft the release notes from this week's changes?");
            fixture.addAssistantMessage("Here is a draft:\n\n- **Rooms**: talk with other people, and ask the assistant when you need it.\n- **Direct messages** with presence.\n- **Unread counts** in the sidebar.", "complete");
            const list = findChild(view, "messageList");
            tryCompare(list, "count", 4, 2000);
            const rooms = findChild(sidebar, "conversationList");
            tryCompare(rooms, "count", 5, 2000);
            tryVerify(() => rooms.itemAtIndex(0) !== null && rooms.itemAtIndex(0).current, 2000,
                      "the open room is highlighted");
            verify(findChild(view, "memberPanel").visible);
            wait(100); // a few frames, so the grab shows the laid-out window
            grabImage(root).save(fixture.artifactPath("room-window.png"));
        }

        function test_directMessageIsTitledAfterThePeer() {
            fixture.fillRooms(session);
            session.chat.currentConvId = "dm-bob";
            compare(session.chat.currentTitle, "bob");
            compare(findChild(view, "chatTitle").text, "bob");
            session.chat.currentConvId = "room-team";
            compare(findChild(view, "chatTitle").text, "Team");
        }
    }
}
