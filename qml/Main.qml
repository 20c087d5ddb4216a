import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The Palaver window: the sign-in page until the session is signed in (or has a local cache to
/// show), then the conversation list beside the open chat, under the operator's announcements
/// (and a refused server certificate, when a reconnect meets one).
ApplicationWindow {
    id: window

    /// The app's one client session; main.cpp reaches it through this property.
    readonly property ClientSession session: clientSession
    /// The chat shows with the server, and without it from the cache of the last session.
    readonly property bool chatShown: session.signedIn || session.cacheAvailable

    width: 1100
    height: 720
    minimumWidth: 760
    minimumHeight: 480
    visible: true
    /// "(3) " in front of the title while messages wait unread anywhere.
    readonly property string unreadHint: window.chatShown && session.conversations.totalUnread > 0
                                         ? "(%1) ".arg(session.conversations.totalUnread) : ""

    title: window.unreadHint + (window.chatShown && session.chat.currentTitle.length > 0
                                ? qsTr("%1 – Palaver").arg(session.chat.currentTitle) : "Palaver")
    color: Theme.background
    font.pixelSize: Theme.fontSize

    ClientSession {
        id: clientSession
    }

    // Read markers, unread counts, notifications and "away" follow whether the user is here:
    // the window being active is the application being active (it has one window; its dialogs
    // are drawn inside it).
    Binding {
        target: window.session.chat
        property: "windowActive"
        value: window.active
    }

    Shortcut {
        sequence: "Ctrl+N" // Cmd+N on macOS
        enabled: window.session.signedIn
        onActivated: window.session.conversations.createConversation("")
    }

    SignInPage {
        anchors.fill: parent
        visible: !window.chatShown
        session: window.session
    }

    ColumnLayout {
        anchors.fill: parent
        visible: window.chatShown
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.margins: 8
            // From the model, not the children's `visible`: those read false while this is hidden.
            visible: window.session.announcements.count > 0 || window.session.certificate.present
            spacing: 6

            AnnouncementBar {
                id: announcementBar
                Layout.fillWidth: true
                announcements: window.session.announcements
            }
            CertificatePanel {
                id: certificatePanel
                Layout.fillWidth: true
                certificate: window.session.certificate
                onTrustRequested: window.session.trustCertificate()
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
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
                errorText: window.session.chat.errorText
                conversationId: window.session.chat.currentConvId
                messages: window.session.chat.messages
                streaming: window.session.chat.streaming
                models: window.session.models
                currentModel: window.session.chat.currentModel
                systemPrompt: window.session.chat.currentSystemPrompt
                canSend: window.session.chat.canSend
                kind: window.session.chat.currentKind
                isOwner: window.session.chat.currentIsOwner
                members: window.session.chat.members
                typingText: window.session.chat.typingText
                chat: window.session.chat
                onSendRequested: (text, askAssistant) => window.session.chat.send(text, askAssistant)
                onUserTyping: window.session.chat.userTyping()
                onUserStoppedTyping: window.session.chat.userStoppedTyping()
                onStopRequested: window.session.chat.stop()
                onSendNowRequested: id => window.session.chat.sendNow(id)
                onRemoveRequested: id => window.session.chat.removePending(id)
                onRetryRequested: id => window.session.chat.retryFailed(id)
                onEditRequested: (id, text) => window.session.chat.editPending(id, text)
                onContinueReplyRequested: id => window.session.chat.continueReply(id)
                onRetryReplyRequested: id => window.session.chat.retryReply(id)
                onModelRequested: id => window.session.chat.setModel(id)
                onSystemPromptRequested: prompt => window.session.chat.setSystemPrompt(prompt)

                ConnectionIndicator {
                    connectionState: window.session.connectionState
                    connectionText: window.session.connectionText
                    errorText: window.session.errorText
                    onReconnectRequested: window.session.reconnect()
                }
            }
        }
    }
}
