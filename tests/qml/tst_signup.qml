import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// The sign-in page's "Create an account": offered only when the server's /v1/info says
// registration is open, a mismatch of the two passwords is shown before anything is sent, and
// the form sends `register` (not `login`).
Item {
    id: root

    width: 800
    height: 760

    SignUpServer {
        id: server
    }
    ChatFixture {
        id: fixture
    }
    ClientSession {
        id: session
    }

    SignInPage {
        id: page
        anchors.fill: parent
        session: session
    }

    TestCase {
        name: "SignUp"
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

        // Types `url` into the Server field as a person would: the page asks it once it settles.
        function pointAt(url) {
            const before = server.infoRequests;
            findChild(page, "serverField").text = "";
            findChild(page, "serverField").text = url;
            if (url === server.url)
                tryVerify(() => server.infoRequests > before, 5000, "the page asked /v1/info");
        }

        function test_1_offeredOnlyWhenRegistrationIsOpen() {
            const offer = findChild(page, "switchModeButton");
            server.registrationOpen = false;
            pointAt(server.url);
            verify(!session.registrationOpen);
            verify(!offer.visible, "a closed server offers no sign-up");

            server.registrationOpen = true;
            pointAt(server.url);
            tryVerify(() => offer.visible, 5000, "an open one does");
            compare(offer.text, "New here? Create an account");

            // Another address (nothing there): the offer goes.
            pointAt("ws://127.0.0.1:1/v1/ws");
            tryVerify(() => !offer.visible, 5000);
            pointAt(server.url);
            tryVerify(() => offer.visible, 5000);
        }

        function test_2_mismatchIsShownBeforeSending() {
            server.registrationOpen = true;
            pointAt(server.url);
            const offer = findChild(page, "switchModeButton");
            tryVerify(() => offer.visible, 5000);
            const repeat = findChild(page, "repeatPasswordField");
            const button = findChild(page, "signInButton");
            const mismatch = findChild(page, "passwordMismatch");
            verify(!repeat.visible, "signing in asks the password once");
            mouseClick(offer);
            verify(repeat.visible);
            compare(button.text, "Create account");
            compare(findChild(page, "signInSubtitle").text, "Create an account on your chat server");

            findChild(page, "userField").text = "zoe";
            findChild(page, "passwordField").text = "correct horse";
            repeat.text = "correct hors";
            verify(mismatch.visible);
            compare(mismatch.text, "The passwords do not match.");
            verify(!button.enabled);
            wait(50); // one frame, so the grab shows the form
            grabImage(page).save(fixture.artifactPath("signup.png"));
            repeat.input.forceActiveFocus();
            keyClick(Qt.Key_Return);
            verify(!session.busy, "nothing is sent while they differ");

            keyClick(Qt.Key_E);
            verify(!mismatch.visible);
            verify(button.enabled);
            server.reset();
            mouseClick(button);
            tryCompare(server, "firstFrameType", "register", 5000);
            compare(server.firstFrameUser, "zoe");
        }

        function test_3_closingRegistrationGoesBackToSignIn() {
            // Still in sign-up mode from before: the server stops taking sign-ups.
            const repeat = findChild(page, "repeatPasswordField");
            server.registrationOpen = false;
            pointAt(server.url);
            tryVerify(() => !repeat.visible, 5000);
            compare(findChild(page, "signInSubtitle").text, "Sign in to your chat server");
            verify(!findChild(page, "switchModeButton").visible);
        }
    }
}
