import QtQuick
import QtTest
import Palaver.UI

// SignInPage with a real ClientSession: Enter in a field signs in, and a failure shows in place.
Item {
    id: root

    width: 800
    height: 640

    ClientSession {
        id: session
    }

    SignInPage {
        id: page
        anchors.fill: parent
        session: session
    }

    TestCase {
        name: "SignInPage"
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

        function test_signInNeedsAUsername() {
            const user = findChild(page, "userField");
            const button = findChild(page, "signInButton");
            user.text = "";
            verify(!button.enabled);
            user.text = "ada";
            verify(button.enabled);
        }

        function test_enterSignsInAndTheErrorShowsInPlace() {
            const error = findChild(page, "signInError");
            verify(!error.visible);
            // Nothing listens on port 1: the connection is refused at once.
            findChild(page, "serverField").text = "ws://127.0.0.1:1/v1/ws";
            findChild(page, "userField").text = "ada";
            const password = findChild(page, "passwordField");
            password.text = "secret";
            password.input.forceActiveFocus();
            keyClick(Qt.Key_Return);
            tryVerify(() => error.visible, 10000, "the sign-in error is shown");
            compare(error.text, session.errorText);
            verify(!session.signedIn);
        }
    }
}
