import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The Palaver window: the sign-in page until the session is signed in, then the conversation
/// list beside the open chat.
ApplicationWindow {
    id: window

    /// The app's one client session; main.cpp reaches it through this property.
    readonly property ClientSession session: clientSession

    width: 1100
    height: 720
    minimumWidth: 760
    minimumHeight: 480
    visible: true
    title: session.signedIn && session.chat.currentTitle.length > 0
           ? qsTr("%1 – Palaver").arg(session.chat.currentTitle) : "Palaver"
    color: Theme.background
    font.pixelSize: Theme.fontSize

    ClientSession {
        id: clientSession
    }

    Shortcut {
        sequence: "Ctrl+N" // Cmd+N on macOS
        enabled: window.session.signedIn
        onActivated: window.session.conversations.createConversation("")
    }

    SignInPage {
        anchors.fill: parent
        visible: !window.session.signedIn
        session: window.session
    }

    SplitView {
        anchors.fill: parent
        visible: window.session.signedIn
        orientation: Qt.Horizontal

        handle: Rectangle {
            implicitWidth: 1
            color: Theme.border
        }

        ConversationList {
            SplitView.preferredWidth: 280
            SplitView.minimumWidth: 220
            SplitView.maximumWidth: 420
            session: window.session
        }

        ChatView {
            SplitView.fillWidth: true
            SplitView.minimumWidth: 420
            title: window.session.chat.currentTitle
            subtitle: window.session.modelNames.length > 0 ? window.session.modelNames[0] : ""
            errorText: window.session.chat.errorText
            conversationId: window.session.chat.currentConvId
            messages: window.session.chat.messages
            streaming: window.session.chat.streaming
            onSendRequested: text => window.session.chat.send(text)
            onStopRequested: window.session.chat.stop()

            ConnectionIndicator {
                session: window.session
            }
        }
    }
}
