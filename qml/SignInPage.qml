import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The first page: which server to use and who signs in. When the server allows sign-up
/// ("registrationOpen" from its /v1/info) it offers "Create an account": the same form with the
/// password asked twice. Errors show in place, with a "not encrypted" warning for a plain ws://
/// address to another machine and the details of a refused server certificate.
Rectangle {
    id: page

    required property ClientSession session
    /// The user chose "Create an account" (and the server still allows it).
    property bool wantsSignUp: false
    readonly property bool signingUp: page.wantsSignUp && page.session.registrationOpen
    /// Both password fields say the same (what sign-up needs before it sends anything).
    readonly property bool passwordsMatch: passwordField.text === repeatField.text
    /// A refused certificate's details fill the card: it grows wider and drops the logo.
    readonly property bool showsCertificate: page.session.certificate.present

    function submit() {
        if (!page.signingUp) {
            page.session.signIn(serverField.text, userField.text, passwordField.text);
        } else if (page.passwordsMatch && passwordField.text.length > 0) {
            page.session.signUp(serverField.text, userField.text, passwordField.text);
        }
    }

    color: Theme.surface

    // Start typing where something is missing; ask the server whether it takes sign-ups.
    Component.onCompleted: {
        (userField.text.length > 0 ? passwordField : userField).input.forceActiveFocus();
        page.session.checkServer(serverField.text);
    }

    // The server is asked once the address has settled, not on every key.
    Timer {
        id: serverSettled
        interval: 600
        onTriggered: page.session.checkServer(serverField.text)
    }

    // Scrolls when the card (a certificate's details make it tall) does not fit the window.
    Flickable {
        anchors.fill: parent
        contentWidth: width
        contentHeight: Math.max(height, card.height + 48)
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        Rectangle {
            id: card
            anchors.centerIn: parent
            width: page.showsCertificate ? 540 : 420
            height: form.implicitHeight + 2 * 36
            radius: 20
            color: Theme.background
            border.color: Theme.border

            ColumnLayout {
                id: form
                anchors.fill: parent
                anchors.margins: 36
                spacing: 16

                Image {
                    Layout.alignment: Qt.AlignHCenter
                    visible: !page.showsCertificate
                    source: "icons/palaver-256.png"
                    sourceSize.width: 64
                    sourceSize.height: 64
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("Welcome to Palaver")
                    color: Theme.text
                    font.pixelSize: 22
                    font.weight: Font.DemiBold
                }
                Label {
                    objectName: "signInSubtitle"
                    Layout.alignment: Qt.AlignHCenter
                    Layout.bottomMargin: 8
                    text: page.signingUp ? qsTr("Create an account on your chat server")
                                         : qsTr("Sign in to your chat server")
                    color: Theme.textMuted
                    font.pixelSize: 14
                }
                FormField {
                    id: serverField
                    objectName: "serverField"
                    Layout.fillWidth: true
                    label: qsTr("Server")
                    text: page.session.serverUrl.length > 0 ? page.session.serverUrl
                                                            : "ws://127.0.0.1:8765/v1/ws"
                    onAccepted: page.submit()
                    onTextChanged: serverSettled.restart()
                }
                NoticeBanner {
                    objectName: "insecureWarning"
                    Layout.fillWidth: true
                    visible: text.length > 0
                    text: page.session.insecureWarning
                    warning: true
                }
                FormField {
                    id: userField
                    objectName: "userField"
                    Layout.fillWidth: true
                    label: qsTr("Username")
                    text: page.session.username
                    onAccepted: page.submit()
                }
                FormField {
                    id: passwordField
                    objectName: "passwordField"
                    Layout.fillWidth: true
                    label: qsTr("Password")
                    echoMode: TextInput.Password
                    onAccepted: page.submit()
                }
                FormField {
                    id: repeatField
                    objectName: "repeatPasswordField"
                    Layout.fillWidth: true
                    visible: page.signingUp
                    label: qsTr("Repeat password")
                    echoMode: TextInput.Password
                    onAccepted: page.submit()
                }
                Label {
                    objectName: "passwordMismatch"
                    Layout.fillWidth: true
                    visible: page.signingUp && repeatField.text.length > 0 && !page.passwordsMatch
                    text: qsTr("The passwords do not match.")
                    color: Theme.danger
                    font.pixelSize: 13
                }
                Label {
                    objectName: "signInError"
                    Layout.fillWidth: true
                    visible: text.length > 0 && !page.showsCertificate // the panel says it
                    // others wrote it: never markup (an <img> would be fetched)
                    textFormat: Text.PlainText
                    text: page.session.errorText
                    color: Theme.danger
                    wrapMode: Text.Wrap
                    font.pixelSize: 13
                }
                CertificatePanel {
                    Layout.fillWidth: true
                    certificate: page.session.certificate
                    onTrustRequested: page.session.trustCertificate()
                }
                PrimaryButton {
                    objectName: "signInButton"
                    Layout.fillWidth: true
                    Layout.topMargin: 4
                    text: page.session.busy ? (page.signingUp ? qsTr("Creating the account…")
                                                              : qsTr("Signing in…"))
                                            : (page.signingUp ? qsTr("Create account")
                                                              : qsTr("Sign in"))
                    enabled: !page.session.busy && userField.text.length > 0
                             && (!page.signingUp
                                 || (passwordField.text.length > 0 && page.passwordsMatch))
                    onClicked: page.submit()

                    BusyIndicator {
                        anchors.verticalCenter: parent.verticalCenter
                        anchors.right: parent.right
                        anchors.rightMargin: 8
                        height: parent.height - 12
                        width: height
                        running: page.session.busy
                        visible: running
                    }
                }
                GhostButton {
                    objectName: "switchModeButton"
                    Layout.alignment: Qt.AlignHCenter
                    visible: page.session.registrationOpen
                    text: page.signingUp ? qsTr("I have an account: sign in")
                                         : qsTr("New here? Create an account")
                    textColor: Theme.accent
                    onClicked: page.wantsSignUp = !page.signingUp
                }
            }
        }
    }
}
