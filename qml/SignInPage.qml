import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The first page: which server to use and who signs in. Errors show in place.
Rectangle {
    id: page

    required property ClientSession session

    function submit() {
        page.session.signIn(serverField.text, userField.text, passwordField.text);
    }

    color: Theme.surface

    // Start typing where something is missing.
    Component.onCompleted: (userField.text.length > 0 ? passwordField : userField).input.forceActiveFocus()

    Rectangle {
        id: card
        anchors.centerIn: parent
        width: 400
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
                Layout.alignment: Qt.AlignHCenter
                Layout.bottomMargin: 8
                text: qsTr("Sign in to your chat server")
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
            Label {
                objectName: "signInError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: page.session.errorText
                color: Theme.danger
                wrapMode: Text.Wrap
                font.pixelSize: 13
            }
            PrimaryButton {
                objectName: "signInButton"
                Layout.fillWidth: true
                Layout.topMargin: 4
                text: page.session.busy ? qsTr("Signing in…") : qsTr("Sign in")
                enabled: !page.session.busy && userField.text.length > 0
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
        }
    }
}
