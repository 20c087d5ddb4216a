import QtQuick
import QtTest
import Palaver.UI
import Palaver.UITest

// SignInPage with a real ClientSession: Enter in a field signs in, and a failure shows in place;
// a plain ws:// address to another machine is warned about; a refused certificate shows its
// details and the action that trusts it.
Item {
    id: root

    width: 800
    height: 900 // tall enough for the card with a certificate's details

    ClientSession {
        id: session
    }
    NoticeFixture {
        id: notices
    }
    ChatFixture {
        id: pictures // only for artifactPath()
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

        function test_aPlainAddressToAnotherMachineIsWarnedAbout() {
            const server = findChild(page, "serverField");
            const warning = findChild(page, "insecureWarning");
            server.text = "ws://127.0.0.1:8765/v1/ws";
            tryVerify(() => session.insecureWarning === "", 3000);
            verify(!warning.visible);
            server.text = "ws://chat.example.com:8765";
            tryVerify(() => warning.visible, 3000, "the warning shows once the address settles");
            verify(warning.text.startsWith("Not encrypted: chat.example.com:8765 does not use TLS"),
                   warning.text);
            verify(warning.warning);
            verify(!findChild(warning, "dismissButton").visible); // not for dismissing
            server.text = "wss://chat.example.com:8765";
            tryVerify(() => !warning.visible, 3000, "TLS: no warning");
        }

        function test_aRefusedCertificateShowsItsDetails() {
            const panel = findChild(page, "certificatePanel");
            verify(!panel.visible);
            notices.refuseCertificate(session);
            verify(panel.visible);
            const fingerprint = findChild(findChild(panel, "certificateFingerprint"), "value");
            compare(fingerprint.text, "42:B7:86:07:40:9D:4E:6F:B1:E0:C3:54:38:75:A2:F5:D7:7F:BB:54:"
                                      + "F5:CD:E0:54:2C:D8:54:13:05:3D:AF:EA");
            compare(session.certificate.subject, "chat.example.com");
            compare(session.certificate.alternativeNames, "chat.example.com, www.chat.example.com");
            compare(session.certificate.issuer, "Example Private CA (Example Co)");
            compare(session.certificate.errors,
                    ["The certificate is signed by an authority this computer does not trust."]);
            const trust = findChild(panel, "trustCertificateButton");
            compare(trust.Accessible.name, "Trust this certificate for chat.example.com:8765");
            wait(50); // a few frames, so the grab shows the laid-out card
            grabImage(root).save(pictures.artifactPath("signin-certificate.png"));
            mouseClick(trust);
            verify(!session.certificate.present);
            verify(!panel.visible);
        }
    }
}
