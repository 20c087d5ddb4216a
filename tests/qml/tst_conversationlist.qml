import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// The sidebar: rows for the conversations, the open one highlighted, a click opens one, and
// rename and delete go through their dialogs (delete only after confirmation).
Item {
    id: root

    width: 320
    height: 600

    ChatFixture {
        id: fixture
    }
    ClientSession {
        id: session
    }

    ConversationList {
        id: sidebar
        anchors.fill: parent
        session: session
    }

    SignalSpy {
        id: renameSpy
        target: session.conversations
        signalName: "renameRequested"
    }
    SignalSpy {
        id: removeSpy
        target: session.conversations
        signalName: "removeRequested"
    }
    SignalSpy {
        id: createSpy
        target: session.conversations
        signalName: "createRequested"
    }

    TestCase {
        name: "ConversationList"
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

        function initTestCase() {
            fixture.fillConversations(session);
            tryCompare(list(), "count", 3, 2000);
        }

        function test_rowsShowTitlesAndAClickOpensOne() {
            const first = list().itemAtIndex(0);
            compare(first.title, "Alpha");
            compare(list().itemAtIndex(2).title, "Gamma");
            verify(!first.current);
            mouseClick(list().itemAtIndex(1));
            compare(session.chat.currentConvId, "conv-b");
            tryVerify(() => list().itemAtIndex(1).current, 2000, "the open one is highlighted");
            verify(!first.current);
        }

        function test_newChatAsksForAConversation() {
            createSpy.clear();
            mouseClick(findChild(sidebar, "newChatButton"));
            compare(createSpy.count, 1);
        }

        function test_renameGoesThroughTheDialog() {
            renameSpy.clear();
            const row = list().itemAtIndex(0);
            row.renameRequested(row.convId, row.title);
            keySequence("ctrl+a");
            keyClick(Qt.Key_Z);
            keyClick(Qt.Key_Return);
            compare(renameSpy.count, 1);
            compare(renameSpy.signalArguments[0][0], "conv-a");
            compare(renameSpy.signalArguments[0][1], "z");
        }

        function test_deleteNeedsConfirmation() {
            removeSpy.clear();
            const row = list().itemAtIndex(2);
            row.deleteRequested(row.convId, row.title);
            tryVerify(() => findShown(root.Window.contentItem, "confirmButton") !== null, 2000);
            const confirm = findShown(root.Window.contentItem, "confirmButton");
            compare(removeSpy.count, 0, "nothing is deleted before confirming");
            mouseClick(confirm);
            compare(removeSpy.count, 1);
            compare(removeSpy.signalArguments[0][0], "conv-c");
        }

        function test_saysWhereTheSessionIsKept() {
            // A session made by QML has the system keychain first (nothing is read from it here).
            compare(session.tokenStorage, "the system keychain");
            const note = findChild(sidebar, "tokenStorageNote");
            verify(note.visible);
            compare(note.text, "Your session is kept in the system keychain.");
        }
    }
}
